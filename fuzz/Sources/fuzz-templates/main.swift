import Foundation
import FuzzDriver
import MktReport

/// An arbitrary `index.html.mustache` (beside minimal required templates and a partial) loaded as
/// a template folder in /dev/shm and rendered with a nested view. Checks: the folder loads or
/// fails with a one-line `OutputError`; a loaded template renders without crashing or recursing
/// without end (round two found a self-including partial overflowing the stack).
let folder = "/dev/shm/mktreport-fuzz-templates-\(getpid())"
let view: [String: Any] = ["title": "<b>Shop</b>", "kpis": [["name": "revenue", "value": 12.5], ["name": "orders", "value": 3]],
                           "empty": [Any](), "flag": true, "nested": ["deeper": ["text": "x"]]]

runFuzzer { data, size in
    guard let data else { return 0 }
    try? FileManager.default.createDirectory(atPath: folder + "/html", withIntermediateDirectories: true)
    for name in ["report.md", "email.html", "archive.html", "latest.html"] {
        _ = FileManager.default.createFile(atPath: "\(folder)/\(name).mustache", contents: Data("{{title}}\n".utf8))
    }
    _ = FileManager.default.createFile(atPath: folder + "/html/part.mustache", contents: Data("{{#kpis}}{{name}}={{value}} {{/kpis}}".utf8))
    _ = FileManager.default.createFile(atPath: folder + "/index.html.mustache", contents: Data(bytes: data, count: size))
    do {
        let templates = try TemplateSet(directory: folder)
        _ = try templates.render("index.html", view)
    } catch let error as OutputError {
        precondition(!error.description.contains(where: \.isNewline), "error on more than one line: \(error)")
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
