//! Turns the HTML that AWS models carry in `@documentation` into rustdoc
//! Markdown: paragraphs, inline code, links, lists, emphasis. Anything else is
//! reduced to its text, and characters that rustdoc would read as Markdown or
//! intra-doc links are escaped.

/// Converts model documentation (HTML or plain text) to Markdown.
pub fn to_markdown(html: &str) -> String {
    let mut out = Writer::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.text(&rest[..lt]);
        let after = &rest[lt + 1..];
        match after.find('>') {
            Some(gt) if looks_like_tag(&after[..gt]) => {
                out.tag(&after[..gt]);
                rest = &after[gt + 1..];
            }
            _ => {
                out.text("<");
                rest = after;
            }
        }
    }
    out.text(rest);
    out.finish()
}

fn looks_like_tag(inner: &str) -> bool {
    let name = inner.trim_start_matches('/');
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Text of the paragraph being built.
    line: String,
    code: usize,
    pre: bool,
    list_depth: usize,
    link: Option<String>,
}

impl Writer {
    fn text(&mut self, raw: &str) {
        let text = decode_entities(raw);
        if self.pre {
            self.line.push_str(&text);
            return;
        }
        self.inline(&text);
    }

    fn inline(&mut self, text: &str) {
        if self.code == 0 && self.link.is_none() {
            if let Some(at) = text.find("https://").or_else(|| text.find("http://")) {
                // Bare URLs become autolinks, which rustdoc wants.
                let end = text[at..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |e| at + e);
                let url = text[at..end].trim_end_matches(['.', ',', ';', ':', ')']);
                let url_end = at + url.len();
                self.text_plain(&text[..at]);
                if !url.is_empty() {
                    self.line.push('<');
                    self.line.push_str(url);
                    self.line.push('>');
                }
                return self.inline(&text[url_end..]);
            }
        }
        self.text_plain(text);
    }

    /// Text outside tags. Smithy documentation is CommonMark (AWS models write
    /// HTML inside it), so Markdown syntax passes through; only what rustdoc
    /// would misread is escaped: brackets that are not a Markdown link
    /// (broken intra-doc links), angle brackets and backslashes.
    fn text_plain(&mut self, text: &str) {
        for (i, c) in text.char_indices() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && (self.line.is_empty() || self.line.ends_with(' ')) {
                continue;
            }
            let escape = self.code == 0
                && match c {
                    '[' => !is_markdown_link(&text[i..]),
                    ']' => !text[i..].starts_with("]("),
                    '<' | '>' | '\\' => true,
                    '#' => self.line.trim().is_empty(),
                    _ => false,
                };
            if self.code > 0 && c == '`' {
                continue;
            }
            if escape {
                self.line.push('\\');
            }
            self.line.push(c);
        }
    }

    fn tag(&mut self, inner: &str) {
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/').trim_end_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            // Inside a list item, paragraphs join the item: Markdown would need
            // indented continuation lines otherwise.
            ("p" | "div" | "note" | "important" | "br", _) if self.list_depth > 0 => self.text(" "),
            ("p" | "div" | "note" | "important" | "br", _) => self.block(),
            ("code" | "tt", false) => {
                self.code += 1;
                self.line.push('`');
            }
            ("code" | "tt", true) if self.code > 0 => {
                self.code -= 1;
                // An empty `<code></code>` leaves nothing behind.
                if self.line.ends_with('`') {
                    self.line.pop();
                } else {
                    self.line.push('`');
                }
            }
            ("pre", false) => {
                self.block();
                self.pre = true;
            }
            ("pre", true) => {
                let body = std::mem::take(&mut self.line);
                self.pre = false;
                self.out.push_str("```text\n");
                self.out.push_str(body.trim_matches('\n'));
                self.out.push_str("\n```\n\n");
            }
            ("b" | "strong", _) => self.line.push_str("**"),
            ("i" | "em", _) => self.line.push('*'),
            ("ul" | "ol", false) => {
                self.block();
                self.list_depth += 1;
            }
            ("ul" | "ol", true) => {
                self.block();
                self.list_depth = self.list_depth.saturating_sub(1);
                if self.list_depth == 0 && !self.out.is_empty() && !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
            }
            ("li", false) => {
                self.block();
                self.line.push_str("- ");
            }
            ("li", true) => self.block(),
            ("a", false) => {
                self.link = attribute(body, "href");
                self.line.push('[');
            }
            ("a", true) => match self.link.take() {
                Some(href) if !href.is_empty() => {
                    self.line.push_str("](");
                    self.line.push_str(
                        &href
                            .replace(' ', "%20")
                            .replace('(', "%28")
                            .replace(')', "%29"),
                    );
                    self.line.push(')');
                }
                _ => {
                    if let Some(i) = self.line.rfind('[') {
                        self.line.replace_range(i..=i, "");
                    }
                }
            },
            _ => {}
        }
    }

    /// Ends the current paragraph or list item.
    fn block(&mut self) {
        if self.pre {
            return;
        }
        let line = self.line.trim().to_string();
        if line == "-" {
            // A list item whose content starts with a paragraph: keep the marker.
            return;
        }
        self.line.clear();
        if line.is_empty() {
            return;
        }
        if self.list_depth > 0 {
            let item = line.starts_with("- ");
            if !item {
                // Text after a nested list continues the enclosing item: a
                // blank line, then the item's indentation.
                self.out.push('\n');
            }
            let depth = if item {
                self.list_depth - 1
            } else {
                self.list_depth
            };
            for _ in 0..depth {
                self.out.push_str("  ");
            }
            self.out.push_str(&line);
            self.out.push('\n');
        } else {
            self.out.push_str(&line);
            self.out.push_str("\n\n");
        }
    }

    fn finish(mut self) -> String {
        self.code = 0;
        self.list_depth = 0;
        self.block();
        self.out.trim_end().to_string()
    }
}

/// `[text](target)` at the start of `s`.
fn is_markdown_link(s: &str) -> bool {
    s.find(']')
        .is_some_and(|close| s[close..].starts_with("](") && s[close..].contains(')'))
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(decode_entities(&rest[1..1 + end]).trim().to_string())
    } else {
        Some(rest.split_whitespace().next()?.to_string())
    }
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&tail[1..e]));
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_and_links() {
        let html = "<p>The <code>TIMED_OUT</code> state.</p> <p>See <a href=\"https://example.com/a\">the guide</a>.</p>";
        assert_eq!(
            to_markdown(html),
            "The `TIMED_OUT` state.\n\nSee [the guide](https://example.com/a)."
        );
    }

    #[test]
    fn lists_and_emphasis() {
        let html =
            "<p>Values:</p><ul><li><p><b>A</b> - first</p></li><li>B &amp; C</li></ul><p>End</p>";
        assert_eq!(
            to_markdown(html),
            "Values:\n\n- **A** - first\n- B & C\n\nEnd"
        );
    }

    #[test]
    fn paragraphs_inside_list_items_stay_in_the_item() {
        let html = "<ul><li><p>First.</p><p>More of first.</p></li><li><p>Second</p><ul><li>Nested</li></ul><p>After.</p></li></ul>";
        assert_eq!(
            to_markdown(html),
            "- First. More of first.\n- Second\n  - Nested\n\n  After."
        );
    }

    #[test]
    fn markdown_characters_in_text_are_escaped() {
        assert_eq!(to_markdown("a [b] *c* x_y _z"), "a \\[b\\] *c* x_y _z");
        assert_eq!(
            to_markdown("1 < 2 and <code>a[0]</code>"),
            "1 \\< 2 and `a[0]`"
        );
    }

    #[test]
    fn parentheses_in_link_targets_are_encoded() {
        // An unbalanced `(` would end the Markdown link early (rustdoc then
        // warns about a bare URL).
        assert_eq!(
            to_markdown("<a href=\"https://x.org/Spec_(VSS%29/Data\">VSS</a>"),
            "[VSS](https://x.org/Spec_%28VSS%29/Data)"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            to_markdown("See: https://docs.aws.amazon.com/a_b.html. Then"),
            "See: <https://docs.aws.amazon.com/a_b.html>. Then"
        );
    }

    #[test]
    fn plain_text_whitespace_is_collapsed() {
        assert_eq!(to_markdown("  one\n   two  "), "one two");
        assert_eq!(to_markdown("last updated.\n      </p>"), "last updated.");
    }
}
