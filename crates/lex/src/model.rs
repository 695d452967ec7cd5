//! The document model: a Work's metadata and its text as a tree of provisions.
//!
//! Invariants (kept by [`crate::parse`] and checked in its tests):
//! - every node has an `eid` unique within its document; article ids do not carry their chapter
//!   (`art_117`), so moving a chapter does not change them; annex content is prefixed by the annex id
//!   (`annex_1__art_1`) and never collides with the body;
//! - `text` is the node's own text (an article's unnumbered body, a clause's lead-in), without its
//!   number and without its children; unnumbered paragraphs after the children are in `trailing`.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// The kind of a provision node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Văn bản — the whole document (root).
    Document,
    /// Phần mở đầu — the preamble (Căn cứ …).
    Preamble,
    /// Phần — part.
    Part,
    /// Chương — chapter.
    Chapter,
    /// Mục — section.
    Section,
    /// Tiểu mục — subsection.
    Subsection,
    /// Điều — article.
    Article,
    /// Khoản — numbered clause of an article.
    Clause,
    /// Điểm — lettered point of a clause.
    Point,
    /// Phụ lục — annex (forms, lists, attached regulations).
    Annex,
    /// Chữ ký — the signature block.
    Signature,
    /// Nơi nhận — the recipients list.
    Recipients,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Preamble => "preamble",
            Kind::Part => "part",
            Kind::Chapter => "chapter",
            Kind::Section => "section",
            Kind::Subsection => "subsection",
            Kind::Article => "article",
            Kind::Clause => "clause",
            Kind::Point => "point",
            Kind::Annex => "annex",
            Kind::Signature => "signature",
            Kind::Recipients => "recipients",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "document" => Kind::Document,
            "preamble" => Kind::Preamble,
            "part" => Kind::Part,
            "chapter" => Kind::Chapter,
            "section" => Kind::Section,
            "subsection" => Kind::Subsection,
            "article" => Kind::Article,
            "clause" => Kind::Clause,
            "point" => Kind::Point,
            "annex" => Kind::Annex,
            "signature" => Kind::Signature,
            "recipients" => Kind::Recipients,
            _ => return None,
        })
    }

    /// The Vietnamese unit word used in labels (`Điều`, `Khoản` …), if the kind is numbered.
    pub fn unit_word(self) -> Option<&'static str> {
        Some(match self {
            Kind::Part => "Phần",
            Kind::Chapter => "Chương",
            Kind::Section => "Mục",
            Kind::Subsection => "Tiểu mục",
            Kind::Article => "Điều",
            Kind::Clause => "Khoản",
            Kind::Point => "Điểm",
            Kind::Annex => "Phụ lục",
            _ => return None,
        })
    }

    /// The prefix of this kind in an eId.
    pub fn eid_prefix(self) -> &'static str {
        match self {
            Kind::Document => "doc",
            Kind::Preamble => "preamble",
            Kind::Part => "part",
            Kind::Chapter => "chp",
            Kind::Section => "sec",
            Kind::Subsection => "subsec",
            Kind::Article => "art",
            Kind::Clause => "cl",
            Kind::Point => "pt",
            Kind::Annex => "annex",
            Kind::Signature => "signature",
            Kind::Recipients => "recipients",
        }
    }

    /// Rank in the hierarchy above articles (smaller = higher). Used to close open containers.
    pub fn level(self) -> u8 {
        match self {
            Kind::Document => 0,
            Kind::Annex => 1,
            Kind::Preamble | Kind::Signature | Kind::Recipients => 2,
            Kind::Part => 2,
            Kind::Chapter => 3,
            Kind::Section => 4,
            Kind::Subsection => 5,
            Kind::Article => 6,
            Kind::Clause => 7,
            Kind::Point => 8,
        }
    }
}

/// One provision (or structural unit) of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub kind: Kind,
    /// Stable provision id (eId), e.g. `art_117__cl_1__pt_a`.
    pub eid: String,
    /// The number as printed, without the unit word: `117`, `7a`, `II`, `a`, `đ`, `c1`, `thứ nhất`.
    pub num: Option<String>,
    /// Heading (tên) without the label: an article's or chapter's title.
    pub heading: Option<String>,
    /// The node's own text: body paragraphs before any child, joined by `\n`.
    pub text: String,
    /// Unnumbered paragraphs after the children (a clause's trailing paragraph).
    pub trailing: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(kind: Kind, eid: impl Into<String>, num: Option<String>) -> Node {
        Node {
            kind,
            eid: eid.into(),
            num,
            heading: None,
            text: String::new(),
            trailing: String::new(),
            children: vec![],
        }
    }

    /// The label as printed in Vietnamese: `Điều 117`, `Khoản 2`, `Điểm a`, `Chương II`,
    /// `Phần thứ nhất`; for unnumbered kinds, the kind's Vietnamese name.
    pub fn label(&self) -> String {
        match (self.kind.unit_word(), &self.num) {
            (Some(word), Some(num)) => format!("{word} {num}"),
            (Some(word), None) => word.to_string(),
            (None, _) => match self.kind {
                Kind::Document => "Văn bản".to_string(),
                Kind::Preamble => "Phần mở đầu".to_string(),
                Kind::Signature => "Chữ ký".to_string(),
                Kind::Recipients => "Nơi nhận".to_string(),
                _ => String::new(),
            },
        }
    }

    /// Depth-first walk over this node and all descendants.
    pub fn walk(&self) -> Walk<'_> {
        Walk { stack: vec![(self, None)] }
    }

    /// Find a descendant (or self) by eId.
    pub fn find(&self, eid: &str) -> Option<&Node> {
        self.walk().map(|(n, _)| n).find(|n| n.eid == eid)
    }

    /// Count descendants (and self) of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.walk().filter(|(n, _)| n.kind == kind).count()
    }

    /// Append a paragraph to `text` (or `trailing` once the node has children).
    pub fn push_paragraph(&mut self, para: &str) {
        let target = if self.children.is_empty() { &mut self.text } else { &mut self.trailing };
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(para);
    }
}

/// Depth-first iterator yielding each node with its parent's eId.
pub struct Walk<'a> {
    stack: Vec<(&'a Node, Option<&'a str>)>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = (&'a Node, Option<&'a str>);
    fn next(&mut self) -> Option<Self::Item> {
        let (node, parent) = self.stack.pop()?;
        for child in node.children.iter().rev() {
            self.stack.push((child, Some(node.eid.as_str())));
        }
        Some((node, parent))
    }
}

/// An event that changes a document's legal force, dated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForceEvent {
    pub kind: EventKind,
    pub date: Option<Date>,
    /// The document that caused it (số hiệu or name), if known.
    pub by: Option<String>,
    /// Whether it affects the whole document or only a part.
    pub partial: bool,
}

/// Kinds of dated events on a Work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Ban hành — issued / signed.
    Issued,
    /// Có hiệu lực — entered into force.
    Effective,
    /// Hết hiệu lực (by its own term or by a later act that says so).
    Expired,
    /// Bị bãi bỏ — repealed.
    Repealed,
    /// Bị thay thế — replaced by another document.
    Replaced,
    /// Ngưng hiệu lực — suspended.
    Suspended,
    /// Hiệu lực trở lại — suspension lifted.
    Resumed,
    /// Được sửa đổi, bổ sung — amended (does not change force).
    Amended,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Issued => "issued",
            EventKind::Effective => "effective",
            EventKind::Expired => "expired",
            EventKind::Repealed => "repealed",
            EventKind::Replaced => "replaced",
            EventKind::Suspended => "suspended",
            EventKind::Resumed => "resumed",
            EventKind::Amended => "amended",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        Some(match s {
            "issued" => EventKind::Issued,
            "effective" => EventKind::Effective,
            "expired" => EventKind::Expired,
            "repealed" => EventKind::Repealed,
            "replaced" => EventKind::Replaced,
            "suspended" => EventKind::Suspended,
            "resumed" => EventKind::Resumed,
            "amended" => EventKind::Amended,
            _ => return None,
        })
    }
}

/// A statement, found in a document's own text, that another document ends on a date
/// (`Bộ luật dân sự số 33/2005/QH11 hết hiệu lực kể từ ngày Bộ luật này có hiệu lực`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndsOther {
    /// Số hiệu of the ended document if given, else its name as written.
    pub target: String,
    pub date: Option<Date>,
    /// How it ends: expired (hết hiệu lực), repealed (bãi bỏ) or replaced (thay thế).
    pub how: EventKind,
    /// Only part of the target ends.
    pub partial: bool,
}

/// A relation to another document (from a gazette page or the document's own text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// One of `based_on`, `amends`, `amended_by`, `replaces`, `replaced_by`, `guides`, `guided_by`,
    /// `cites`, `consolidates`, `corrects`.
    pub kind: String,
    /// Số hiệu of the other document, or its name when it has none.
    pub target: String,
    pub title: Option<String>,
    pub partial: bool,
}

/// What is known about a document (Work) apart from its text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Số hiệu in canonical form, if the document has one.
    pub number: Option<String>,
    /// Name used to identify a Work without a number ("Luật Viên chức 2010").
    pub name: Option<String>,
    /// Loại văn bản: Luật, Bộ luật, Nghị định, Thông tư …
    pub doc_type: Option<String>,
    /// Cơ quan ban hành.
    pub issuer: Option<String>,
    /// Địa danh (place of issue).
    pub place: Option<String>,
    pub issued: Option<Date>,
    /// Trích yếu / tên văn bản.
    pub title: Option<String>,
    /// Người ký.
    pub signer: Option<String>,
    /// Căn cứ … lines of the preamble.
    pub bases: Vec<String>,
    pub effective: Option<Date>,
    /// True when entry into force is "kể từ ngày ký ban hành" (the signing date).
    pub effective_on_signing: bool,
    /// Documents this one says end ("… hết hiệu lực kể từ ngày …").
    pub ends: Vec<EndsOther>,
    /// Dated events known from the source (gazette, pháp điển notes).
    pub events: Vec<ForceEvent>,
    pub relations: Vec<Relation>,
    /// Footnotes of the source, in order.
    pub notes: Vec<String>,
    /// Events on single provisions (eId, event) known from the source, e.g. pháp điển notes.
    #[serde(default)]
    pub provision_events: Vec<(String, ForceEvent)>,
}

/// A parsed document: metadata plus the provision tree (root kind `Document`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Metadata,
    pub root: Node,
}

impl Document {
    pub fn article_count(&self) -> usize {
        body_articles(&self.root)
    }
}

/// Articles of the body under `node` (annexes excluded).
pub fn body_articles(node: &Node) -> usize {
    node.children
        .iter()
        .map(|c| match c.kind {
            Kind::Annex => 0,
            Kind::Article => 1,
            _ => body_articles(c),
        })
        .sum()
}
