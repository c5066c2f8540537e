/// Walks a template set against a view the way swift-mustache renders it, and reports every tag
/// that does not resolve, that prints a structure instead of text, or that a nil value lets fall
/// through to a same-named property further out (Mustache climbs the context stack past a nil,
/// so `{{#chart}}` in a part without a chart would show another part's chart).
///
/// Sections whose value is empty are not entered, so a tag is only checked in a view where its
/// section has content; `resolved` lists the tags that were, so a run over many shop shapes can
/// show that every tag of every template was checked somewhere.
public struct TemplateTagCheck {
    public struct Problem: Sendable, CustomStringConvertible, Hashable {
        public var template: String
        public var line: Int
        public var tag: String
        public var reason: String
        public var description: String { "\(template).mustache:\(line): {{\(tag)}} \(reason)" }
    }

    public struct Tag: Hashable, Sendable {
        public var template: String
        public var line: Int
        public var name: String
    }

    public private(set) var problems: [Problem] = []
    public private(set) var resolved: Set<Tag> = []
    private let scans: [String: TemplateScan]

    public init(_ templates: TemplateSet) { scans = templates.scans }

    /// Every tag the named templates have, entered or not.
    public func allTags(of templates: [String]) -> Set<Tag> {
        var tags = Set<Tag>(), seen = Set<String>()
        func walk(_ template: String) {
            guard seen.insert(template).inserted, let scan = scans[template] else { return }
            func visit(_ nodes: [TemplateScan.Node]) {
                for node in nodes {
                    switch node {
                    case .variable(let name, let line): tags.insert(Tag(template: template, line: line, name: name))
                    case .section(let name, _, let line, let children):
                        tags.insert(Tag(template: template, line: line, name: name))
                        visit(children)
                    case .partial(let name, _): walk(name)
                    }
                }
            }
            visit(scan.nodes)
        }
        templates.forEach(walk)
        return tags
    }

    /// Checks `template` rendered with `view` as its context.
    public mutating func check(_ template: String, view: Any) {
        walk(template, scans[template]?.nodes ?? [], stack: [view])
    }

    private mutating func walk(_ template: String, _ nodes: [TemplateScan.Node], stack: [Any]) {
        for node in nodes {
            switch node {
            case .partial(let name, _):
                walk(name, scans[name]?.nodes ?? [], stack: stack)
            case .variable(let name, let line):
                guard let value = resolve(name, template: template, line: line, stack: stack) else { continue }
                if let value, !Self.isText(value) {
                    problems.append(Problem(template: template, line: line, tag: name, reason: "prints a \(type(of: value)), not text"))
                }
            case .section(let name, let inverted, let line, let children):
                guard let value = resolve(name, template: template, line: line, stack: stack) else { continue }
                let items = Self.items(value)
                if inverted {
                    if items.isEmpty { walk(template, children, stack: stack) }
                } else {
                    for item in items { walk(template, children, stack: item.map { stack + [$0] } ?? stack) }
                }
            }
        }
    }

    /// The value a tag finds (nil inside: found, but nil or empty); nil when it does not resolve.
    private mutating func resolve(_ name: String, template: String, line: Int, stack: [Any]) -> Any?? {
        if name == "." {
            resolved.insert(Tag(template: template, line: line, name: name))
            return .some(stack.last)
        }
        let parts = name.split(separator: ".").map(String.init)
        var nilAt: Int?
        var found: Any?
        for (depth, object) in stack.enumerated().reversed() {
            switch Self.child(parts[0], of: object) {
            case .missing: continue
            case .nilValue: if nilAt == nil { nilAt = depth }
            case .value(let value):
                if let nilAt, nilAt > depth {
                    problems.append(Problem(template: template, line: line, tag: name,
                                            reason: "is nil in \(type(of: stack[nilAt])) and falls through to \(type(of: object))'s"))
                }
                found = value
            }
            if found != nil { break }
        }
        guard found != nil || nilAt != nil else {
            problems.append(Problem(template: template, line: line, tag: name, reason: "does not resolve in \(stack.map { "\(type(of: $0))" }.joined(separator: " > "))"))
            return nil
        }
        resolved.insert(Tag(template: template, line: line, name: name))
        guard var value = found else { return .some(nil) }
        for part in parts.dropFirst() {
            switch Self.child(part, of: value) {
            case .missing:
                problems.append(Problem(template: template, line: line, tag: name, reason: "has no '\(part)' in \(type(of: value))"))
                return nil
            case .nilValue: return .some(nil)
            case .value(let next): value = next
            }
        }
        return .some(value)
    }

    private enum Lookup { case missing, nilValue, value(Any) }

    private static func child(_ label: String, of object: Any) -> Lookup {
        guard let match = Mirror(reflecting: object).children.first(where: { $0.label == label }) else { return .missing }
        return unwrap(match.value).map(Lookup.value) ?? .nilValue
    }

    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }

    /// What a section iterates, as swift-mustache does: each element of a list, one pass for true or
    /// any other value (pushed, an empty string too), nothing for nil, false or an empty list.
    /// `nil` in the result: a pass that pushes nothing (a true flag).
    private static func items(_ value: Any?) -> [Any?] {
        guard let value else { return [] }
        if let flag = value as? Bool { return flag ? [nil] : [] }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection { return mirror.children.map(\.value) }
        return [value]
    }

    private static func isText(_ value: Any) -> Bool {
        value is String || value is Int || value is Double || value is Bool
    }
}
