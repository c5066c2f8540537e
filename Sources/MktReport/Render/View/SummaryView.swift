/// The executive summary (Markdown and HTML) and the analyst's notes.
public struct SummaryView {
    public var markdown: String
    public var html: String
    public var notesHTML: String?

    init(_ report: Report, notesHTML: String?) {
        markdown = Narrative.summary(report)
        html = MarkdownHTML.render(markdown)
        self.notesHTML = notesHTML
    }
}
