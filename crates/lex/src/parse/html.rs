//! HTML as saved from a legal portal → paragraphs.
//!
//! A small, forgiving tokenizer (pages in the wild are not well-formed XML): block-level tags break
//! paragraphs, table cells become their own paragraphs, `script`/`style`/`head` content is dropped,
//! character references are decoded. Navigation text before the document's first header line
//! (`QUỐC HỘI`, `CHÍNH PHỦ`, `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Số: …`) is cut off.

/// Paragraphs of an HTML page.
pub fn paragraphs(html: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut current = String::new();
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text(&mut current, rest, skip_until.is_some());
            break;
        };
        text(&mut current, &rest[..lt], skip_until.is_some());
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map(|e| &rest[e + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = rest[1..gt].trim().to_ascii_lowercase();
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "head" | "noscript" | "svg" if !closing => {
                skip_until = Some(match name.as_str() {
                    "script" => "script",
                    "style" => "style",
                    "head" => "head",
                    "noscript" => "noscript",
                    _ => "svg",
                })
            }
            "p" | "div" | "br" | "tr" | "td" | "th" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table"
            | "section" | "article" | "blockquote" | "ul" | "ol" => flush(&mut out, &mut current),
            _ => {}
        }
    }
    flush(&mut out, &mut current);
    let start = out.iter().position(|p| is_document_start(p)).filter(|i| *i < 200).unwrap_or(0);
    out.split_off(start)
}

fn is_document_start(p: &str) -> bool {
    const HEADS: &[&str] = &[
        "QUỐC HỘI",
        "CHÍNH PHỦ",
        "THỦ TƯỚNG CHÍNH PHỦ",
        "CHỦ TỊCH NƯỚC",
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ];
    let t = p.trim();
    HEADS.iter().any(|h| t.starts_with(h))
        || (t.starts_with("BỘ ") && super::line::is_upper_text(t) && t.chars().count() < 40)
        || t.starts_with("Số:")
        || t.starts_with("Luật số:")
}

fn flush(out: &mut Vec<String>, current: &mut String) {
    let t = crate::normalize::collapse_spaces(current);
    if !t.is_empty() {
        out.push(t);
    }
    current.clear();
}

fn text(current: &mut String, raw: &str, skipping: bool) {
    if skipping {
        return;
    }
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        push_ws(current, &rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e <= 10);
        match end.and_then(|e| decode(&rest[1..e]).map(|c| (e, c))) {
            Some((e, c)) => {
                current.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                current.push('&');
                rest = &rest[1..];
            }
        }
    }
    push_ws(current, rest);
}

fn push_ws(current: &mut String, s: &str) {
    for c in s.chars() {
        current.push(if c.is_whitespace() { ' ' } else { c });
    }
}

/// Named references for the Latin-1 letters Vietnamese uses (`&agrave;` …), as portals emit them.
const LATIN1: &[(&str, char)] = &[
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("yacute", 'ý'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Yacute", 'Ý'),
];

fn decode(entity: &str) -> Option<char> {
    Some(match entity {
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        _ if LATIN1.iter().any(|(n, _)| *n == entity) => LATIN1.iter().find(|(n, _)| *n == entity).map(|(_, c)| *c)?,
        _ => {
            let num = entity.strip_prefix('#')?;
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
    use super::*;

    #[test]
    fn blocks_entities_and_navigation() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body><div class=nav>Trang chủ | Văn bản</div><script>var a='<p>';</script><table><tr><td><p>QUỐC HỘI</p></td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr></table><p>Điều&nbsp;1. Ph&#7841;m vi</p><p>Lu&#x1EAD;t n&agrave;y &amp; kia<br>d&ograve;ng 2</p><!-- c --></body></html>";
        let p = paragraphs(html);
        assert_eq!(p[0], "QUỐC HỘI");
        assert_eq!(p[1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert_eq!(p[2], "Điều 1. Phạm vi");
        assert!(p[3].starts_with("Luật n"), "{p:?}");
        assert_eq!(p[4], "dòng 2");
    }
}
