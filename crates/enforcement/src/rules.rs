//! Quy tắc theo luật — the statute's periods as data, one rule set per law in force, each rule naming
//! its provision (law + article + clause + point).
//!
//! Two sets ship:
//! - [`THADS_2008`]: Luật Thi hành án dân sự 26/2008/QH12 as amended (64/2014/QH13, 03/2022/QH15 …),
//!   read from the pháp điển consolidation (`phapdien-ctu`, chủ đề 30, rows `Điều 30.2.LQ.<article>`);
//!   it governs steps taken before 01/07/2026.
//! - [`THADS_2025`]: Luật Thi hành án dân sự 106/2025/QH15 (in force 01/07/2026, Điều 115 khoản 1),
//!   read from `thads-2025/luatthihanhandansu2025.txt`. Its guiding decree 152/2026/NĐ-CP is not
//!   available, so nothing here rests on it.
//!
//! Which set applies to a step is [`select`]: the date of the step and the transitional article of the
//! 2025 law (Điều 116). Every period was checked against the text; the 2025 law renumbers the articles
//! (Điều 36 → 33/34, 39 → 35, 45 → 36, 44 → 37/38, 48 → 46, 49 → 47, 50 → 48, 52 → 55) and changes
//! some periods (verification 10 → 09 days; a 05-working-day period for the decision that a case has
//! no means; re-verification within 10 days of new information; the request sent back after 2 years).

use lex::Date;
use platform::calendar::{Counting, Period};
use serde::Serialize;

/// A provision of a law: what a rule cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Provision {
    /// Số hiệu of the law (`26/2008/QH12`, `106/2025/QH15`).
    pub law: &'static str,
    /// The article number as printed (`36`, `44a`).
    pub article: &'static str,
    pub clause: Option<u8>,
    /// Point letter(s) (`đ`, `a, b, c, d`).
    pub point: Option<&'static str>,
    /// The act that gave the wording relied on, when it is an amendment.
    pub amended_by: Option<&'static str>,
}

impl Provision {
    /// `điểm đ khoản 2 Điều 36` — the reference the legal library understands (`lex::locate`).
    pub fn reference(&self) -> String {
        let mut s = String::new();
        if let Some(p) = self.point {
            s.push_str(&format!("điểm {p} "));
        }
        if let Some(c) = self.clause {
            s.push_str(&format!("khoản {c} "));
        }
        s.push_str(&format!("Điều {}", self.article));
        s
    }

    /// The whole citation: `khoản 1 Điều 36 Luật Thi hành án dân sự 26/2008/QH12 (sửa đổi, bổ sung bởi Luật 64/2014/QH13)`.
    pub fn cite(&self) -> String {
        let mut s = format!("{} Luật Thi hành án dân sự {}", self.reference(), self.law);
        if let Some(a) = self.amended_by {
            s.push_str(&format!(" (sửa đổi, bổ sung bởi Luật {a})"));
        }
        s
    }

    /// The article alone (`Điều 36`), for looking the provision up.
    pub fn article_reference(&self) -> String {
        format!("Điều {}", self.article)
    }
}

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    /// Thời hiệu yêu cầu thi hành án — the time to request enforcement.
    RequestLimit,
    /// Ra quyết định thi hành án theo yêu cầu — decision on a request.
    DecisionOnRequest,
    /// Chủ động ra quyết định thi hành án — decision on the office's own motion.
    DecisionOwnMotion,
    /// Quyết định áp dụng biện pháp khẩn cấp tạm thời — emergency measures: "ngay".
    DecisionEmergency,
    /// Quyết định của Tòa án về phá sản — bankruptcy decisions.
    DecisionBankruptcy,
    /// Thông báo về thi hành án — notifying the parties.
    Notify,
    /// Thời hạn tự nguyện thi hành án — voluntary compliance.
    Voluntary,
    /// Xác minh điều kiện thi hành án — verification of the debtor's means.
    Verify,
    /// Xác minh ngay (biện pháp khẩn cấp tạm thời).
    VerifyEmergency,
    /// Quyết định về việc chưa có điều kiện thi hành án — no means to enforce.
    NoMeansDecision,
    /// Xác minh lại định kỳ — periodic re-verification (6 months).
    Reverify,
    /// Xác minh lại (phạt tù còn từ 02 năm, không xác định được địa chỉ) — yearly.
    ReverifyLong,
    /// Xác minh khi có thông tin mới — verification on new information.
    NewInfoVerify,
    /// Gửi lại yêu cầu thi hành án — sending the request back (2025 law only).
    ReturnRequest,
    /// Ra quyết định hoãn thi hành án — postponement decision.
    PostponeDecision,
    /// Hoãn theo yêu cầu của người có thẩm quyền kháng nghị — "ngay".
    PostponeOnProtest,
    /// Thời hạn hoãn theo yêu cầu kháng nghị — at most 3 months.
    PostponeOnProtestMax,
    /// Quyết định tiếp tục thi hành án sau hoãn — resumption after postponement.
    ResumePostponed,
    /// Tạm đình chỉ thi hành án — suspension.
    SuspendDecision,
    /// Tiếp tục thi hành án sau tạm đình chỉ — resumption after suspension.
    ResumeSuspended,
    /// Đình chỉ thi hành án — termination.
    TerminateDecision,
    /// Cưỡng chế thi hành án — coercion.
    Coercion,
    /// Không cưỡng chế từ 22 giờ đến 06 giờ, ngày nghỉ, ngày lễ.
    NoCoercionHours,
    /// Kết thúc thi hành án — completion.
    Completion,
    /// Thanh toán tiền thi hành án — paying out money collected (10 days).
    PayOut,
}

/// A rule: the period (if the provision sets one), how it is counted and from which event.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    pub id: RuleId,
    /// `None`: the provision sets the step but no period.
    pub period: Option<Period>,
    pub counting: Counting,
    /// From which event the period runs (Vietnamese, as the statute says it).
    pub runs_from: &'static str,
    pub provision: Provision,
}

/// A rule set: the rules of one law, with the dates it governs.
#[derive(Debug, Serialize)]
pub struct RuleSet {
    /// `thads-2008`, `thads-2025`.
    pub id: &'static str,
    pub law: &'static str,
    pub title: &'static str,
    /// First day steps follow this set.
    pub from: Date,
    /// Last day (None: still in force).
    pub until: Option<Date>,
    /// The date of the wording each rule was checked against: a change the library knows after this
    /// date flags the rule for review.
    pub wording_as_of: Date,
    pub source: &'static str,
    pub rules: &'static [Rule],
}

impl RuleSet {
    pub fn rule(&self, id: RuleId) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

const L08: &str = "26/2008/QH12";
const L14: Option<&str> = Some("64/2014/QH13");
const L25: &str = "106/2025/QH15";

pub(crate) const fn p08(
    article: &'static str,
    clause: Option<u8>,
    point: Option<&'static str>,
    amended: bool,
) -> Provision {
    Provision { law: L08, article, clause, point, amended_by: if amended { L14 } else { None } }
}

pub(crate) const fn p25(article: &'static str, clause: Option<u8>, point: Option<&'static str>) -> Provision {
    Provision { law: L25, article, clause, point, amended_by: None }
}

const WD: Counting = Counting::WorkingDays;
const CD: Counting = Counting::CalendarDays;

/// 01/07/2026: Luật 106/2025/QH15 in force (Điều 115 khoản 1), Luật 26/2008/QH12 ends (khoản 3).
pub const SWITCH: Date = Date { year: 2026, month: 7, day: 1 };

/// Luật Thi hành án dân sự 26/2008/QH12 as amended — steps before 01/07/2026.
pub static THADS_2008: RuleSet = RuleSet {
    id: "thads-2008",
    law: L08,
    title: "Luật Thi hành án dân sự 26/2008/QH12 (sửa đổi, bổ sung 2014, 2022)",
    from: Date { year: 2009, month: 7, day: 1 },
    until: Some(Date { year: 2026, month: 6, day: 30 }),
    wording_as_of: Date { year: 2022, month: 3, day: 1 },
    source: "pháp điển, chủ đề 30 (phapdien-ctu/dieu_corpus/88a4972a…csv), rows Điều 30.2.LQ.<article>",
    rules: &[
        Rule {
            id: RuleId::RequestLimit,
            period: Some(Period::Years(5)),
            counting: CD,
            runs_from: "ngày bản án, quyết định có hiệu lực pháp luật (hoặc ngày nghĩa vụ đến hạn)",
            provision: p08("30", Some(1), None, false),
        },
        Rule {
            id: RuleId::DecisionOnRequest,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày nhận được yêu cầu thi hành án",
            provision: p08("36", Some(1), None, true),
        },
        Rule {
            id: RuleId::DecisionOwnMotion,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày nhận được bản án, quyết định",
            provision: p08("36", Some(2), Some("a, b, c, d"), true),
        },
        Rule {
            id: RuleId::DecisionEmergency,
            period: Some(Period::Immediately),
            counting: CD,
            runs_from: "khi nhận được quyết định áp dụng biện pháp khẩn cấp tạm thời",
            provision: p08("36", Some(2), Some("đ"), true),
        },
        Rule {
            id: RuleId::DecisionBankruptcy,
            period: Some(Period::Days(3)),
            counting: WD,
            runs_from: "ngày nhận được quyết định của Tòa án giải quyết phá sản",
            provision: p08("36", Some(2), Some("e"), true),
        },
        Rule {
            id: RuleId::Notify,
            period: Some(Period::Days(3)),
            counting: WD,
            runs_from: "ngày ra văn bản",
            provision: p08("39", Some(2), None, false),
        },
        Rule {
            id: RuleId::Voluntary,
            period: Some(Period::Days(10)),
            counting: CD,
            runs_from: "ngày người phải thi hành án nhận được hoặc được thông báo hợp lệ quyết định thi hành án",
            provision: p08("45", Some(1), None, true),
        },
        Rule {
            id: RuleId::Verify,
            period: Some(Period::Days(10)),
            counting: CD,
            runs_from: "ngày hết thời hạn tự nguyện thi hành án",
            provision: p08("44", Some(1), None, true),
        },
        Rule {
            id: RuleId::VerifyEmergency,
            period: Some(Period::Immediately),
            counting: CD,
            runs_from: "khi thi hành quyết định áp dụng biện pháp khẩn cấp tạm thời",
            provision: p08("44", Some(1), None, true),
        },
        Rule {
            id: RuleId::NoMeansDecision,
            period: None,
            counting: CD,
            runs_from: "căn cứ kết quả xác minh điều kiện thi hành án",
            provision: p08("44a", Some(1), None, false),
        },
        Rule {
            id: RuleId::Reverify,
            period: Some(Period::Months(6)),
            counting: CD,
            runs_from: "lần xác minh trước (ít nhất 06 tháng một lần)",
            provision: p08("44", Some(2), None, true),
        },
        Rule {
            id: RuleId::ReverifyLong,
            period: Some(Period::Years(1)),
            counting: CD,
            runs_from: "lần xác minh trước (phạt tù còn lại từ 02 năm trở lên hoặc không xác định được địa chỉ)",
            provision: p08("44", Some(2), None, true),
        },
        Rule {
            id: RuleId::NewInfoVerify,
            period: None,
            counting: CD,
            runs_from: "khi có thông tin mới về điều kiện thi hành án",
            provision: p08("44", Some(2), None, true),
        },
        Rule {
            id: RuleId::PostponeDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày có căn cứ hoãn thi hành án",
            provision: p08("48", Some(3), None, true),
        },
        Rule {
            id: RuleId::PostponeOnProtest,
            period: Some(Period::Immediately),
            counting: CD,
            runs_from: "khi nhận được yêu cầu của người có thẩm quyền kháng nghị",
            provision: p08("48", Some(3), None, true),
        },
        Rule {
            id: RuleId::PostponeOnProtestMax,
            period: Some(Period::Months(3)),
            counting: CD,
            runs_from: "ngày ra văn bản yêu cầu hoãn thi hành án",
            provision: p08("48", Some(2), None, true),
        },
        Rule {
            id: RuleId::ResumePostponed,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "khi căn cứ hoãn không còn hoặc hết thời hạn hoãn",
            provision: p08("48", Some(4), None, true),
        },
        Rule {
            id: RuleId::SuspendDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày nhận được thông báo của Tòa án về việc thụ lý đơn yêu cầu mở thủ tục phá sản",
            provision: p08("49", Some(2), None, false),
        },
        Rule {
            id: RuleId::ResumeSuspended,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày nhận được quyết định rút kháng nghị, quyết định giám đốc thẩm, tái thẩm hoặc của Tòa án",
            provision: p08("49", Some(3), None, false),
        },
        Rule {
            id: RuleId::TerminateDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày có căn cứ đình chỉ thi hành án",
            provision: p08("50", Some(2), None, true),
        },
        Rule {
            id: RuleId::Coercion,
            period: None,
            counting: CD,
            runs_from: "hết thời hạn tự nguyện mà người phải thi hành án có điều kiện không tự nguyện thi hành",
            provision: p08("46", Some(1), None, false),
        },
        Rule {
            id: RuleId::NoCoercionHours,
            period: None,
            counting: CD,
            runs_from: "không cưỡng chế từ 22 giờ đến 06 giờ sáng, ngày nghỉ, ngày lễ",
            provision: p08("46", Some(2), None, false),
        },
        Rule {
            id: RuleId::Completion,
            period: None,
            counting: CD,
            runs_from: "có xác nhận của cơ quan thi hành án dân sự về việc đương sự đã thực hiện xong quyền, nghĩa vụ",
            provision: p08("52", Some(1), None, true),
        },
        Rule {
            id: RuleId::PayOut,
            period: Some(Period::Days(10)),
            counting: CD,
            runs_from: "ngày thu được tiền, tài sản thi hành án",
            provision: p08("47", Some(5), None, true),
        },
    ],
};

/// Luật Thi hành án dân sự 106/2025/QH15 — steps from 01/07/2026.
pub static THADS_2025: RuleSet = RuleSet {
    id: "thads-2025",
    law: L25,
    title: "Luật Thi hành án dân sự 106/2025/QH15",
    from: SWITCH,
    until: None,
    wording_as_of: SWITCH,
    source: "thads-2025/luatthihanhandansu2025.txt (Luật số 106/2025/QH15, ngày 05/12/2025)",
    rules: &[
        Rule {
            id: RuleId::RequestLimit,
            period: Some(Period::Years(5)),
            counting: CD,
            runs_from: "ngày bản án, quyết định có hiệu lực pháp luật hoặc ngày nghĩa vụ đến hạn",
            provision: p25("34", Some(2), None),
        },
        Rule {
            id: RuleId::DecisionOnRequest,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày nhận được yêu cầu thi hành án và bản án, quyết định",
            provision: p25("34", Some(3), None),
        },
        Rule {
            id: RuleId::DecisionOwnMotion,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày nhận được bản án, quyết định (điểm a, b, c, d, đ, h khoản 2)",
            provision: p25("33", Some(3), Some("a")),
        },
        Rule {
            id: RuleId::DecisionEmergency,
            period: Some(Period::Immediately),
            counting: CD,
            runs_from: "ngay sau khi nhận được quyết định áp dụng biện pháp khẩn cấp tạm thời",
            provision: p25("33", Some(3), Some("b")),
        },
        Rule {
            id: RuleId::DecisionBankruptcy,
            period: Some(Period::Days(3)),
            counting: WD,
            runs_from: "ngày nhận được quyết định tuyên bố phá sản",
            provision: p25("33", Some(3), Some("c")),
        },
        Rule {
            id: RuleId::Notify,
            period: Some(Period::Days(3)),
            counting: WD,
            runs_from: "ngày ra văn bản",
            provision: p25("35", Some(1), None),
        },
        Rule {
            id: RuleId::Voluntary,
            period: Some(Period::Days(10)),
            counting: CD,
            runs_from: "ngày người phải thi hành án được thông báo hợp lệ quyết định thi hành án",
            provision: p25("36", Some(1), None),
        },
        Rule {
            id: RuleId::Verify,
            period: Some(Period::Days(9)),
            counting: CD,
            runs_from: "ngày hết thời hạn tự nguyện thi hành án",
            provision: p25("37", Some(1), None),
        },
        Rule {
            id: RuleId::VerifyEmergency,
            period: Some(Period::Immediately),
            counting: CD,
            runs_from: "khi thi hành quyết định áp dụng biện pháp khẩn cấp tạm thời",
            provision: p25("37", Some(1), None),
        },
        Rule {
            id: RuleId::NoMeansDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày có căn cứ xác định chưa có điều kiện thi hành án",
            provision: p25("38", Some(1), None),
        },
        Rule {
            id: RuleId::Reverify,
            period: Some(Period::Months(6)),
            counting: CD,
            runs_from: "lần xác minh trước (ít nhất 06 tháng một lần)",
            provision: p25("38", Some(3), None),
        },
        Rule {
            id: RuleId::ReverifyLong,
            period: Some(Period::Years(1)),
            counting: CD,
            runs_from: "lần xác minh trước (phạt tù còn lại từ 02 năm trở lên hoặc không xác định được địa chỉ)",
            provision: p25("38", Some(3), None),
        },
        Rule {
            id: RuleId::NewInfoVerify,
            period: Some(Period::Days(10)),
            counting: CD,
            runs_from: "ngày nhận được văn bản cung cấp thông tin mới về điều kiện thi hành án",
            provision: p25("38", Some(2), None),
        },
        Rule {
            id: RuleId::ReturnRequest,
            period: Some(Period::Years(2)),
            counting: CD,
            runs_from: "ngày có quyết định về việc chưa có điều kiện thi hành án",
            provision: p25("38", Some(4), None),
        },
        Rule {
            id: RuleId::PostponeDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày có căn cứ hoãn thi hành án",
            provision: p25("46", Some(1), None),
        },
        Rule {
            id: RuleId::PostponeOnProtest,
            period: Some(Period::Immediately),
            counting: CD,
            runs_from: "khi nhận được yêu cầu hoãn của người có thẩm quyền kháng nghị",
            provision: p25("46", Some(2), None),
        },
        Rule {
            id: RuleId::PostponeOnProtestMax,
            period: Some(Period::Months(3)),
            counting: CD,
            runs_from: "ngày ra văn bản yêu cầu hoãn thi hành án",
            provision: p25("46", Some(2), None),
        },
        Rule {
            id: RuleId::ResumePostponed,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "khi căn cứ hoãn không còn hoặc hết thời hạn hoãn",
            provision: p25("46", Some(3), None),
        },
        Rule {
            id: RuleId::SuspendDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày có căn cứ tạm đình chỉ thi hành án",
            provision: p25("47", Some(1), None),
        },
        Rule {
            id: RuleId::ResumeSuspended,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "khi nhận được quyết định rút kháng nghị, quyết định giám đốc thẩm, tái thẩm hoặc của Tòa án",
            provision: p25("47", Some(3), None),
        },
        Rule {
            id: RuleId::TerminateDecision,
            period: Some(Period::Days(5)),
            counting: WD,
            runs_from: "ngày có căn cứ đình chỉ thi hành án",
            provision: p25("48", None, None),
        },
        Rule {
            id: RuleId::Coercion,
            period: None,
            counting: CD,
            runs_from: "hết thời hạn tự nguyện mà người phải thi hành án có điều kiện không tự nguyện thi hành",
            provision: p25("72", Some(1), None),
        },
        Rule {
            id: RuleId::NoCoercionHours,
            period: None,
            counting: CD,
            runs_from: "không cưỡng chế từ 22 giờ đến 06 giờ sáng, ngày nghỉ, ngày lễ",
            provision: p25("72", Some(5), None),
        },
        Rule {
            id: RuleId::Completion,
            period: None,
            counting: CD,
            runs_from: "đương sự đã thực hiện xong quyền, nghĩa vụ của mình",
            provision: p25("55", Some(1), None),
        },
        Rule {
            id: RuleId::PayOut,
            period: Some(Period::Days(10)),
            counting: CD,
            runs_from: "ngày thu được tiền thi hành án hoặc ngày giao tài sản cho người mua được tài sản",
            provision: p25("54", Some(6), None),
        },
    ],
};

/// Both sets, oldest first.
pub fn all() -> [&'static RuleSet; 2] {
    [&THADS_2008, &THADS_2025]
}

pub fn by_id(id: &str) -> Option<&'static RuleSet> {
    all().into_iter().find(|s| s.id == id)
}

/// Which rule set governs a step, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Selection {
    pub set: &'static str,
    /// The provisions that decide it (Luật 106/2025/QH15 Điều 115, 116).
    pub basis: Vec<String>,
}

/// The rule set for a step taken on `on` in a case that ended on `ended_on` (if it has):
/// - before 01/07/2026: the 2008 law (the 2025 law is not yet in force, Điều 115 khoản 1 Luật 106/2025/QH15);
/// - from 01/07/2026, in a case that ended before that day (complaints, protests about it): the 2008 law
///   (Điều 116 khoản 1);
/// - from 01/07/2026, in a case not yet enforced or not ended: the 2025 law (Điều 116 khoản 3); steps
///   already taken under the 2008 law stand and are not repeated (Điều 116 khoản 4), so a deadline that
///   started before keeps the period it started with.
pub fn select(on: Date, ended_on: Option<Date>) -> (&'static RuleSet, Selection) {
    if on < SWITCH {
        return (
            &THADS_2008,
            Selection {
                set: THADS_2008.id,
                basis: vec!["khoản 1 Điều 115 Luật Thi hành án dân sự 106/2025/QH15 (hiệu lực từ 01/7/2026)".into()],
            },
        );
    }
    if ended_on.is_some_and(|d| d < SWITCH) {
        return (
            &THADS_2008,
            Selection {
                set: THADS_2008.id,
                basis: vec!["khoản 1 Điều 116 Luật Thi hành án dân sự 106/2025/QH15".into()],
            },
        );
    }
    (
        &THADS_2025,
        Selection {
            set: THADS_2025.id,
            basis: vec![
                "khoản 3 Điều 116 Luật Thi hành án dân sự 106/2025/QH15".into(),
                "khoản 4 Điều 116 Luật Thi hành án dân sự 106/2025/QH15".into(),
            ],
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sets_hold_every_step_they_need() {
        for set in all() {
            for id in [
                RuleId::RequestLimit,
                RuleId::DecisionOnRequest,
                RuleId::DecisionOwnMotion,
                RuleId::DecisionEmergency,
                RuleId::DecisionBankruptcy,
                RuleId::Notify,
                RuleId::Voluntary,
                RuleId::Verify,
                RuleId::NoMeansDecision,
                RuleId::Reverify,
                RuleId::ReverifyLong,
                RuleId::PostponeDecision,
                RuleId::ResumePostponed,
                RuleId::SuspendDecision,
                RuleId::ResumeSuspended,
                RuleId::TerminateDecision,
                RuleId::Coercion,
                RuleId::Completion,
                RuleId::PayOut,
            ] {
                let r = set.rule(id).unwrap_or_else(|| panic!("{} lacks {id:?}", set.id));
                assert_eq!(r.provision.law, set.law);
            }
        }
        // Sending the request back exists only in the 2025 law.
        assert!(THADS_2008.rule(RuleId::ReturnRequest).is_none());
        assert!(THADS_2025.rule(RuleId::ReturnRequest).is_some());
    }

    #[test]
    fn periods_and_articles_as_the_statutes_say() {
        let r = |s: &RuleSet, id| *s.rule(id).unwrap();
        // 2008: Điều 36 khoản 1 (5 working days), Điều 39 khoản 2 (3), Điều 45 khoản 1 (10 days), Điều 44 khoản 1 (10 days).
        assert_eq!(r(&THADS_2008, RuleId::DecisionOnRequest).period, Some(Period::Days(5)));
        assert_eq!(r(&THADS_2008, RuleId::DecisionOnRequest).counting, Counting::WorkingDays);
        assert_eq!(
            r(&THADS_2008, RuleId::DecisionOnRequest).provision.cite(),
            "khoản 1 Điều 36 Luật Thi hành án dân sự 26/2008/QH12 (sửa đổi, bổ sung bởi Luật 64/2014/QH13)"
        );
        assert_eq!(r(&THADS_2008, RuleId::DecisionEmergency).provision.reference(), "điểm đ khoản 2 Điều 36");
        assert_eq!(r(&THADS_2008, RuleId::Notify).provision.reference(), "khoản 2 Điều 39");
        assert_eq!(r(&THADS_2008, RuleId::Voluntary).provision.reference(), "khoản 1 Điều 45");
        assert_eq!(r(&THADS_2008, RuleId::Verify).period, Some(Period::Days(10)));
        assert_eq!(r(&THADS_2008, RuleId::Reverify).provision.reference(), "khoản 2 Điều 44");
        assert_eq!(r(&THADS_2008, RuleId::RequestLimit).provision.reference(), "khoản 1 Điều 30");
        // 2025: renumbered, verification in 09 days.
        assert_eq!(r(&THADS_2025, RuleId::DecisionOnRequest).provision.reference(), "khoản 3 Điều 34");
        assert_eq!(r(&THADS_2025, RuleId::DecisionEmergency).provision.reference(), "điểm b khoản 3 Điều 33");
        assert_eq!(r(&THADS_2025, RuleId::Notify).provision.reference(), "khoản 1 Điều 35");
        assert_eq!(r(&THADS_2025, RuleId::Voluntary).provision.reference(), "khoản 1 Điều 36");
        assert_eq!(r(&THADS_2025, RuleId::Verify).period, Some(Period::Days(9)));
        assert_eq!(r(&THADS_2025, RuleId::Verify).provision.reference(), "khoản 1 Điều 37");
        assert_eq!(r(&THADS_2025, RuleId::TerminateDecision).provision.reference(), "Điều 48");
        assert_eq!(r(&THADS_2025, RuleId::Completion).provision.reference(), "khoản 1 Điều 55");
    }

    #[test]
    fn selection_follows_the_transitional_article() {
        let d = |s: &str| Date::parse_iso(s).unwrap();
        assert_eq!(select(d("2026-06-30"), None).0.id, "thads-2008");
        assert_eq!(select(d("2026-07-01"), None).0.id, "thads-2025");
        assert!(select(d("2026-07-01"), None).1.basis[0].contains("khoản 3 Điều 116"));
        // A case that ended before the switch keeps the old law (complaints about it).
        let (s, why) = select(d("2026-09-01"), Some(d("2026-05-01")));
        assert_eq!(s.id, "thads-2008");
        assert!(why.basis[0].contains("khoản 1 Điều 116"));
        // A case open on that day continues under the new law.
        assert_eq!(select(d("2026-09-01"), None).0.id, "thads-2025");
    }
}
