//! Trích dẫn — citations in a text, the way a compiler sees identifiers: every citation with its
//! exact span, what it names, and (in the drafting review) whether that exists on the text's date.
//!
//! One module per verb, all pure:
//! - [`find`]: text → [`Citation`]s (internal `khoản 2 Điều này`, external by number
//!   `Nghị định số 62/2015/NĐ-CP`, by name `Bộ luật Dân sự năm 2015`, abbreviations `BLDS 2015`, lists
//!   and ranges, amendment chains `… được sửa đổi, bổ sung bởi Luật số …`). Vague references
//!   (`theo quy định của pháp luật`) are recognised and marked [`Citation::vague`], never checked.
//! - [`resolve`]: a citation's targets → full eIds, relative units (`Điều này`, `khoản này`) filled
//!   from the position of the citation; the position of every line of a text ([`resolve::positions`]).
//! - [`annotate`]: a text cut into plain and cited pieces (for highlighting), and edits applied to it
//!   (for fixes).
//!
//! Spans are byte ranges into the text given to [`find::find`]; they always fall on char boundaries.

pub mod annotate;
pub mod find;
pub mod resolve;

use serde::Serialize;
use std::ops::Range;

/// Units of a citation, small to large (Vietnamese citations are written in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Điểm — lettered point.
    Point = 1,
    /// Khoản — numbered clause.
    Clause = 2,
    /// Điều — article.
    Article = 3,
    /// Tiểu mục — subsection.
    Subsection = 4,
    /// Mục — section.
    Section = 5,
    /// Chương — chapter.
    Chapter = 6,
    /// Phần — part.
    Part = 7,
}

impl Unit {
    /// The unit word as written inside a citation (`khoản`, `Điều`).
    pub fn word(self) -> &'static str {
        match self {
            Unit::Point => "điểm",
            Unit::Clause => "khoản",
            Unit::Article => "Điều",
            Unit::Subsection => "Tiểu mục",
            Unit::Section => "Mục",
            Unit::Chapter => "Chương",
            Unit::Part => "Phần",
        }
    }
}

/// One step of a target: a unit and its number as written (`"2"`, `"a"`, `"10a"`, `"II"`), or
/// `"này"` for a relative unit (`Điều này`). `span` is where the number is in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub unit: Unit,
    pub num: String,
    pub span: Range<usize>,
}

impl Step {
    /// True for `Điều này`, `khoản này`.
    pub fn is_relative(&self) -> bool {
        self.num == RELATIVE
    }
}

/// The number of a relative step.
pub const RELATIVE: &str = "này";

/// One provision named by a citation, small unit first: `[điểm a, khoản 1, Điều 3]`. A list or range
/// gives one target per provision (`các điểm a, b khoản 1` → two targets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    pub steps: Vec<Step>,
}

impl Target {
    /// `điểm a khoản 1 Điều 3` (relative units as written: `khoản 1 Điều này`).
    pub fn label(&self) -> String {
        self.steps.iter().map(|s| format!("{} {}", s.unit.word(), s.num)).collect::<Vec<_>>().join(" ")
    }

    /// The largest unit named.
    pub fn outer(&self) -> Option<Unit> {
        self.steps.iter().map(|s| s.unit).max()
    }
}

/// The document a citation points into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocRef {
    /// No document named: the citing text itself (`quy định tại khoản 1 Điều 3`), or the document the
    /// surrounding amending article is about.
    Implicit,
    /// `Thông tư này`, `Luật này`, `Điều này`: the citing text itself.
    This,
    /// Another document, by number and/or name.
    External {
        /// Loại văn bản as written (`Nghị định`, `Bộ luật`), if any.
        doc_type: Option<String>,
        /// Its name as written (`Bộ luật Dân sự`), abbreviations expanded (`BLDS` → `Bộ luật Dân sự`).
        name: Option<String>,
        /// Số hiệu in canonical form.
        number: Option<String>,
        /// The year given with a name (`Bộ luật Dân sự năm 2005`, `BLDS 2015`).
        year: Option<i32>,
    },
}

/// A citation found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The whole phrase (provisions and document).
    pub span: Range<usize>,
    /// The phrase as written.
    pub text: String,
    /// Provisions named; empty when the citation names a whole document.
    pub targets: Vec<Target>,
    pub document: DocRef,
    /// Where the document part is (`Nghị định số 62/2015/NĐ-CP`), if there is one.
    pub doc_span: Option<Range<usize>>,
    /// Where the số hiệu is, if written.
    pub number_span: Option<Range<usize>>,
    /// The số hiệu as written when it differs from its canonical form (`62/2015/ND-CP`).
    pub number_as_written: Option<String>,
    /// Acts named after `được sửa đổi, bổ sung bởi …` (canonical numbers or names).
    pub amended_by: Vec<String>,
    /// This citation is itself one link of another citation's amendment chain.
    pub in_chain: bool,
    /// A short name defined for the document: `(sau đây gọi là Luật Hòa giải cơ sở mẫu)`.
    pub alias: Option<String>,
    /// A reference to the law in general (`theo quy định của pháp luật`): never checked.
    pub vague: bool,
    /// Why the citation is not written as citations must be (units out of order, a letter not used
    /// for points, a number not in its official spelling), with the corrected phrase.
    pub malformed: Option<Malformed>,
}

/// A citation not written the way citations are written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Malformed {
    pub reason: String,
    /// Replacement for `span` (the part of the citation at fault).
    pub span: Range<usize>,
    pub fix: Option<String>,
}

impl Citation {
    fn new(span: Range<usize>, text: &str) -> Citation {
        Citation {
            text: text.get(span.clone()).unwrap_or_default().to_string(),
            span,
            targets: vec![],
            document: DocRef::Implicit,
            doc_span: None,
            number_span: None,
            number_as_written: None,
            amended_by: vec![],
            in_chain: false,
            alias: None,
            vague: false,
            malformed: None,
        }
    }

    /// True when the citation points into the citing text itself.
    pub fn is_internal(&self) -> bool {
        matches!(self.document, DocRef::This | DocRef::Implicit)
    }
}
