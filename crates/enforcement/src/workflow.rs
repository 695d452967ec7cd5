//! Quy trình thi hành án — the workflow, pure: states, steps, who may take each step, the data it
//! needs and the deadline it starts, each step citing its provision from the rule set that governs the
//! day it is taken ([`crate::rules::select`]).
//!
//! ```text
//! received ─decide→ decided ─notify→ notified ─serve→ voluntary ─start_verification→ verifying
//!   verifying ─find_means→ coercion            verifying ─find_no_means→ no_means
//!   no_means ─reverify→ no_means   no_means ─new_information→ verifying   no_means ─return_request→ returned (2025)
//!   (any active) ─postpone→ postponed / ─suspend→ suspended ─resume→ (the state it left)
//!   (any active) ─terminate→ terminated          (decided … no_means) ─complete→ completed
//!   pay / fulfil: money paid or an obligation done, the state unchanged
//! ```
//!
//! [`plan`] takes the case's facts, the step, its input, who acts and the calendar and returns the
//! [`Effect`] (new facts, the deadline started, documents to issue) or why it is refused. Nothing here
//! reads or writes storage.

use crate::rules::{self, RuleId, RuleSet, Selection};
use lex::Date;
use platform::calendar::{Calendar, Deadline, Period};
use platform::{Action, Role};
use serde::{Deserialize, Serialize};

/// Trạng thái của việc thi hành án — the state of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Đã tiếp nhận — received (judgment or request on file).
    Received,
    /// Đã ra quyết định thi hành án — enforcement decision issued.
    Decided,
    /// Đã thông báo — the decision sent to the parties, waiting for valid service on the debtor.
    Notified,
    /// Trong thời hạn tự nguyện — the voluntary-compliance period runs.
    Voluntary,
    /// Đang xác minh điều kiện thi hành án — verifying the debtor's means.
    Verifying,
    /// Cưỡng chế thi hành án — coercion.
    Coercion,
    /// Chưa có điều kiện thi hành án — no means to enforce, periodic re-verification.
    NoMeans,
    /// Hoãn thi hành án — postponed.
    Postponed,
    /// Tạm đình chỉ thi hành án — suspended.
    Suspended,
    /// Kết thúc thi hành án (đã thi hành xong) — completed.
    Completed,
    /// Đình chỉ thi hành án — terminated.
    Terminated,
    /// Gửi lại yêu cầu thi hành án — request sent back (Luật 106/2025/QH15 Điều 38 khoản 4).
    Returned,
}

impl State {
    pub const ALL: [State; 12] = [
        State::Received,
        State::Decided,
        State::Notified,
        State::Voluntary,
        State::Verifying,
        State::Coercion,
        State::NoMeans,
        State::Postponed,
        State::Suspended,
        State::Completed,
        State::Terminated,
        State::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Decided => "decided",
            State::Notified => "notified",
            State::Voluntary => "voluntary",
            State::Verifying => "verifying",
            State::Coercion => "coercion",
            State::NoMeans => "no_means",
            State::Postponed => "postponed",
            State::Suspended => "suspended",
            State::Completed => "completed",
            State::Terminated => "terminated",
            State::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            State::Received => "Đã tiếp nhận",
            State::Decided => "Đã ra quyết định thi hành án",
            State::Notified => "Đã thông báo",
            State::Voluntary => "Thời hạn tự nguyện",
            State::Verifying => "Xác minh điều kiện thi hành án",
            State::Coercion => "Cưỡng chế thi hành án",
            State::NoMeans => "Chưa có điều kiện thi hành",
            State::Postponed => "Hoãn thi hành án",
            State::Suspended => "Tạm đình chỉ thi hành án",
            State::Completed => "Đã thi hành xong",
            State::Terminated => "Đình chỉ thi hành án",
            State::Returned => "Đã gửi lại yêu cầu",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            State::Received => "Received",
            State::Decided => "Enforcement decision issued",
            State::Notified => "Notified",
            State::Voluntary => "Voluntary period",
            State::Verifying => "Verifying means",
            State::Coercion => "Coercion",
            State::NoMeans => "No means to enforce",
            State::Postponed => "Postponed",
            State::Suspended => "Suspended",
            State::Completed => "Completed",
            State::Terminated => "Terminated",
            State::Returned => "Request sent back",
        }
    }

    /// The case is closed (no step but none).
    pub fn is_terminal(self) -> bool {
        matches!(self, State::Completed | State::Terminated | State::Returned)
    }
}

/// Căn cứ thụ lý — how the case came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Theo yêu cầu — on a party's request.
    Request,
    /// Chủ động — on the office's own motion.
    OwnMotion,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Request => "request",
            Basis::OwnMotion => "own_motion",
        }
    }
    pub fn parse(s: &str) -> Option<Basis> {
        match s {
            "request" => Some(Basis::Request),
            "own_motion" => Some(Basis::OwnMotion),
            _ => None,
        }
    }
}

/// The part of the judgment the office enforces on its own motion (2008 law khoản 2 Điều 36; 2025 law khoản 2 Điều 33).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnMotionKind {
    /// Hình phạt tiền, truy thu, án phí, lệ phí Tòa án — fines and court fees.
    StatePayment,
    /// Trả lại tiền, tài sản cho đương sự — returning money or assets.
    ReturnAssets,
    /// Tịch thu sung quỹ, tiêu hủy vật chứng — confiscation, destruction of exhibits.
    Confiscation,
    /// Thu hồi quyền sử dụng đất sung quỹ — land use rights to the State.
    Land,
    /// Biện pháp khẩn cấp tạm thời — emergency (interim) measures: "ngay".
    Emergency,
    /// Phá sản — a court's bankruptcy decision.
    Bankruptcy,
}

impl OwnMotionKind {
    pub const ALL: [OwnMotionKind; 6] = [
        OwnMotionKind::StatePayment,
        OwnMotionKind::ReturnAssets,
        OwnMotionKind::Confiscation,
        OwnMotionKind::Land,
        OwnMotionKind::Emergency,
        OwnMotionKind::Bankruptcy,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OwnMotionKind::StatePayment => "state_payment",
            OwnMotionKind::ReturnAssets => "return_assets",
            OwnMotionKind::Confiscation => "confiscation",
            OwnMotionKind::Land => "land",
            OwnMotionKind::Emergency => "emergency",
            OwnMotionKind::Bankruptcy => "bankruptcy",
        }
    }
    pub fn parse(s: &str) -> Option<OwnMotionKind> {
        OwnMotionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            OwnMotionKind::StatePayment => "Hình phạt tiền, án phí, lệ phí Tòa án",
            OwnMotionKind::ReturnAssets => "Trả lại tiền, tài sản cho đương sự",
            OwnMotionKind::Confiscation => "Tịch thu sung quỹ, tiêu hủy vật chứng",
            OwnMotionKind::Land => "Thu hồi quyền sử dụng đất sung quỹ nhà nước",
            OwnMotionKind::Emergency => "Biện pháp khẩn cấp tạm thời",
            OwnMotionKind::Bankruptcy => "Quyết định của Tòa án về phá sản",
        }
    }
}

/// Loại nghĩa vụ — what the judgment orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// Trả tiền — pay money (whole đồng).
    PayMoney,
    /// Giao tài sản — hand over an asset.
    HandOverAsset,
    /// Thực hiện công việc nhất định — do an act.
    DoAct,
    /// Không được thực hiện công việc nhất định — refrain from an act.
    RefrainAct,
}

impl ObligationKind {
    pub const ALL: [ObligationKind; 4] =
        [ObligationKind::PayMoney, ObligationKind::HandOverAsset, ObligationKind::DoAct, ObligationKind::RefrainAct];
    pub fn as_str(self) -> &'static str {
        match self {
            ObligationKind::PayMoney => "pay_money",
            ObligationKind::HandOverAsset => "hand_over_asset",
            ObligationKind::DoAct => "do_act",
            ObligationKind::RefrainAct => "refrain_act",
        }
    }
    pub fn parse(s: &str) -> Option<ObligationKind> {
        ObligationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            ObligationKind::PayMoney => "Trả tiền",
            ObligationKind::HandOverAsset => "Giao tài sản",
            ObligationKind::DoAct => "Thực hiện công việc",
            ObligationKind::RefrainAct => "Không được thực hiện công việc",
        }
    }
}

/// A step (thao tác) on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Ra quyết định thi hành án.
    Decide,
    /// Thông báo quyết định thi hành án.
    Notify,
    /// Người phải thi hành án được thông báo hợp lệ — valid service on the debtor.
    Serve,
    /// Bắt đầu xác minh điều kiện thi hành án.
    StartVerification,
    /// Xác minh: có điều kiện → cưỡng chế.
    FindMeans,
    /// Quyết định về việc chưa có điều kiện thi hành án.
    FindNoMeans,
    /// Xác minh lại định kỳ.
    Reverify,
    /// Có thông tin mới về điều kiện thi hành án.
    NewInformation,
    /// Gửi lại yêu cầu thi hành án (2025 law).
    ReturnRequest,
    /// Thu tiền — money received.
    Pay,
    /// Nghĩa vụ không phải tiền đã thực hiện xong.
    Fulfil,
    /// Hoãn thi hành án.
    Postpone,
    /// Tạm đình chỉ thi hành án.
    Suspend,
    /// Tiếp tục thi hành án.
    Resume,
    /// Đình chỉ thi hành án.
    Terminate,
    /// Xác nhận kết thúc thi hành án.
    Complete,
}

impl Step {
    pub const ALL: [Step; 16] = [
        Step::Decide,
        Step::Notify,
        Step::Serve,
        Step::StartVerification,
        Step::FindMeans,
        Step::FindNoMeans,
        Step::Reverify,
        Step::NewInformation,
        Step::ReturnRequest,
        Step::Pay,
        Step::Fulfil,
        Step::Postpone,
        Step::Suspend,
        Step::Resume,
        Step::Terminate,
        Step::Complete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Decide => "decide",
            Step::Notify => "notify",
            Step::Serve => "serve",
            Step::StartVerification => "start_verification",
            Step::FindMeans => "find_means",
            Step::FindNoMeans => "find_no_means",
            Step::Reverify => "reverify",
            Step::NewInformation => "new_information",
            Step::ReturnRequest => "return_request",
            Step::Pay => "pay",
            Step::Fulfil => "fulfil",
            Step::Postpone => "postpone",
            Step::Suspend => "suspend",
            Step::Resume => "resume",
            Step::Terminate => "terminate",
            Step::Complete => "complete",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Step::Decide => "Ra quyết định thi hành án",
            Step::Notify => "Thông báo quyết định",
            Step::Serve => "Ghi nhận đã thông báo hợp lệ",
            Step::StartVerification => "Bắt đầu xác minh",
            Step::FindMeans => "Có điều kiện — cưỡng chế",
            Step::FindNoMeans => "Quyết định chưa có điều kiện thi hành",
            Step::Reverify => "Xác minh lại",
            Step::NewInformation => "Có thông tin mới",
            Step::ReturnRequest => "Gửi lại yêu cầu thi hành án",
            Step::Pay => "Thu tiền",
            Step::Fulfil => "Nghĩa vụ đã thực hiện",
            Step::Postpone => "Hoãn thi hành án",
            Step::Suspend => "Tạm đình chỉ",
            Step::Resume => "Tiếp tục thi hành án",
            Step::Terminate => "Đình chỉ thi hành án",
            Step::Complete => "Xác nhận kết thúc",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Step::Decide => "Issue the enforcement decision",
            Step::Notify => "Notify the decision",
            Step::Serve => "Record valid service",
            Step::StartVerification => "Start verification",
            Step::FindMeans => "Means found — coercion",
            Step::FindNoMeans => "Decide: no means to enforce",
            Step::Reverify => "Re-verify",
            Step::NewInformation => "New information",
            Step::ReturnRequest => "Send the request back",
            Step::Pay => "Record a payment",
            Step::Fulfil => "Obligation performed",
            Step::Postpone => "Postpone",
            Step::Suspend => "Suspend",
            Step::Resume => "Resume",
            Step::Terminate => "Terminate",
            Step::Complete => "Confirm completion",
        }
    }

    /// Who may take the step (any one of these roles), and the policy action it is.
    pub fn roles(self) -> (&'static [Role], Action) {
        use Role::*;
        match self {
            // Thủ trưởng cơ quan thi hành án dân sự ra quyết định (2008: Điều 36, 44a, 48–50; 2025: Điều 33–34, 38, 46–48).
            Step::Decide
            | Step::FindNoMeans
            | Step::ReturnRequest
            | Step::Postpone
            | Step::Suspend
            | Step::Resume
            | Step::Terminate
            | Step::Complete => (&[OfficeHead], Action::WriteCases),
            // Thông báo: Chấp hành viên or the clerk.
            Step::Notify | Step::Serve => (&[EnforcementOfficer, Clerk], Action::WriteCases),
            // Chấp hành viên xác minh, tổ chức cưỡng chế (2008: Điều 44, 46; 2025: Điều 37, 72).
            Step::StartVerification | Step::FindMeans | Step::Reverify | Step::NewInformation | Step::Fulfil => {
                (&[EnforcementOfficer], Action::WriteCases)
            }
            // Tiền thi hành án: the accountant or the head of office (funds).
            Step::Pay => (&[Accountant, OfficeHead], Action::WriteFunds),
        }
    }

    /// The states the step may be taken from.
    pub fn from_states(self) -> &'static [State] {
        use State::*;
        match self {
            Step::Decide => &[Received],
            Step::Notify => &[Decided],
            Step::Serve => &[Notified],
            Step::StartVerification => &[Voluntary],
            Step::FindMeans | Step::FindNoMeans => &[Verifying],
            Step::Reverify | Step::NewInformation | Step::ReturnRequest => &[NoMeans],
            Step::Pay | Step::Fulfil => &[Decided, Notified, Voluntary, Verifying, Coercion, NoMeans],
            Step::Postpone => &[Decided, Notified, Voluntary, Verifying, Coercion, NoMeans],
            Step::Suspend => &[Decided, Notified, Voluntary, Verifying, Coercion, NoMeans, Postponed],
            Step::Resume => &[Postponed, Suspended],
            Step::Terminate => &[Decided, Notified, Voluntary, Verifying, Coercion, NoMeans, Postponed, Suspended],
            Step::Complete => &[Decided, Notified, Voluntary, Verifying, Coercion, NoMeans],
        }
    }

    /// The data the step needs besides its date (for forms and errors).
    pub fn needs(self) -> &'static [&'static str] {
        match self {
            Step::Pay => &["obligation", "amount"],
            Step::Fulfil => &["obligation"],
            Step::FindNoMeans | Step::Terminate | Step::Suspend => &["ground"],
            Step::Postpone => &["ground"],
            _ => &[],
        }
    }
}

/// Who acts, as the workflow sees it.
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    /// The system principal (CLI, demo): every step.
    System,
    /// A user with these roles (unit reach is checked by the policy, outside).
    Roles(&'a [Role]),
}

impl Who<'_> {
    pub fn may(&self, step: Step) -> bool {
        match self {
            Who::System => true,
            Who::Roles(rs) => step.roles().0.iter().any(|r| rs.contains(r)),
        }
    }
}

/// Đang chờ — whom the case waits on (the "waiting on others" queue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// Proof of valid service on the debtor.
    Service,
    /// New information about the debtor's means.
    NewInformation,
    /// The court or the protesting authority (suspension).
    Court,
    /// The grounds of a postponement to end.
    Grounds,
}

impl Waiting {
    pub fn as_str(self) -> &'static str {
        match self {
            Waiting::Service => "service",
            Waiting::NewInformation => "new_information",
            Waiting::Court => "court",
            Waiting::Grounds => "grounds",
        }
    }
    pub fn parse(s: &str) -> Option<Waiting> {
        [Waiting::Service, Waiting::NewInformation, Waiting::Court, Waiting::Grounds]
            .into_iter()
            .find(|w| w.as_str() == s)
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            Waiting::Service => "Chờ kết quả tống đạt cho người phải thi hành án",
            Waiting::NewInformation => "Chờ thông tin mới về điều kiện thi hành án",
            Waiting::Court => "Chờ Tòa án / người kháng nghị",
            Waiting::Grounds => "Chờ hết căn cứ hoãn",
        }
    }
}

/// An obligation as the workflow sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationFacts {
    pub id: i64,
    pub kind: ObligationKind,
    /// Đồng (money obligations; 0 otherwise).
    pub amount: i64,
    pub paid: i64,
    pub done: bool,
}

impl ObligationFacts {
    pub fn satisfied(&self) -> bool {
        match self.kind {
            ObligationKind::PayMoney => self.paid == self.amount,
            _ => self.done,
        }
    }
}

/// What the workflow needs to know of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub state: State,
    pub basis: Basis,
    pub own_motion: Option<OwnMotionKind>,
    pub received_on: Date,
    /// Date of the latest step (steps are never dated before it).
    pub last_on: Date,
    /// The running deadline's last day.
    pub due: Option<Date>,
    pub voluntary_ends: Option<Date>,
    pub no_means_since: Option<Date>,
    /// Verifications that found no means since the no-means decision (the decision's own included).
    pub verifications: i64,
    /// Re-verify yearly (prison term of 2 years or more left, or address unknown).
    pub long_interval: bool,
    pub resume_to: Option<State>,
    pub paused_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub obligations: Vec<ObligationFacts>,
}

impl Facts {
    pub fn emergency(&self) -> bool {
        self.own_motion == Some(OwnMotionKind::Emergency)
    }
}

/// The input of a step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// The day the step is taken (the decision's date, the day of service …).
    pub on: Option<Date>,
    pub obligation: Option<i64>,
    /// Đồng.
    pub amount: Option<i64>,
    /// The statutory ground (point/clause), e.g. `a` or `khoản 4`.
    pub ground: Option<String>,
    /// The day the ground arose (for the 5-working-day decision periods).
    pub grounds_date: Option<Date>,
    /// End of a postponement, if known.
    pub until: Option<Date>,
    /// Postponement requested by the person with power to protest (khoản 2 Điều 48 / Điều 46).
    #[serde(default)]
    pub protest: bool,
    /// Re-verify yearly (khoản 2 Điều 44 / khoản 3 Điều 38).
    #[serde(default)]
    pub long_interval: bool,
    /// When the coercion decided by `find_means` is to be organised (thời gian tổ chức cưỡng chế): never
    /// 22:00–06:00, a day off or a holiday ([`crate::coercion`]).
    #[serde(default)]
    pub coercion_at: Option<crate::coercion::Moment>,
    pub note: Option<String>,
}

/// A deadline started by a step, with the rule and provision that set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    pub rule: RuleId,
    pub rule_set: &'static str,
    pub ends: Date,
    pub citation: String,
    pub runs_from: &'static str,
    pub deadline: Deadline,
}

/// Văn bản — the document a step issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Quyết định thi hành án.
    EnforcementDecision,
    /// Thông báo về thi hành án.
    Notice,
    /// Quyết định cưỡng chế thi hành án.
    CoercionDecision,
    /// Quyết định về việc chưa có điều kiện thi hành án.
    NoMeansDecision,
    /// Thông báo kết quả xác minh cho người được thi hành án.
    VerificationNotice,
    /// Thông báo gửi lại yêu cầu thi hành án.
    ReturnNotice,
    /// Quyết định hoãn thi hành án.
    PostponementDecision,
    /// Quyết định tạm đình chỉ thi hành án.
    SuspensionDecision,
    /// Quyết định tiếp tục thi hành án.
    ResumptionDecision,
    /// Quyết định đình chỉ thi hành án.
    TerminationDecision,
    /// Xác nhận kết quả thi hành án.
    CompletionConfirmation,
}

impl DocKind {
    pub const ALL: [DocKind; 11] = [
        DocKind::EnforcementDecision,
        DocKind::Notice,
        DocKind::CoercionDecision,
        DocKind::NoMeansDecision,
        DocKind::VerificationNotice,
        DocKind::ReturnNotice,
        DocKind::PostponementDecision,
        DocKind::SuspensionDecision,
        DocKind::ResumptionDecision,
        DocKind::TerminationDecision,
        DocKind::CompletionConfirmation,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::EnforcementDecision => "enforcement_decision",
            DocKind::Notice => "notice",
            DocKind::CoercionDecision => "coercion_decision",
            DocKind::NoMeansDecision => "no_means_decision",
            DocKind::VerificationNotice => "verification_notice",
            DocKind::ReturnNotice => "return_notice",
            DocKind::PostponementDecision => "postponement_decision",
            DocKind::SuspensionDecision => "suspension_decision",
            DocKind::ResumptionDecision => "resumption_decision",
            DocKind::TerminationDecision => "termination_decision",
            DocKind::CompletionConfirmation => "completion_confirmation",
        }
    }
    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Ký hiệu in the document number: `QĐ-THADS`, `TB-THADS`, `XN-THADS`.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Notice | DocKind::VerificationNotice | DocKind::ReturnNotice => "TB-THADS",
            DocKind::CompletionConfirmation => "XN-THADS",
            _ => "QĐ-THADS",
        }
    }
    pub fn title_vi(self) -> &'static str {
        match self {
            DocKind::EnforcementDecision => "QUYẾT ĐỊNH THI HÀNH ÁN",
            DocKind::Notice => "THÔNG BÁO VỀ THI HÀNH ÁN",
            DocKind::CoercionDecision => "QUYẾT ĐỊNH CƯỠNG CHẾ THI HÀNH ÁN",
            DocKind::NoMeansDecision => "QUYẾT ĐỊNH VỀ VIỆC CHƯA CÓ ĐIỀU KIỆN THI HÀNH ÁN",
            DocKind::VerificationNotice => "THÔNG BÁO KẾT QUẢ XÁC MINH ĐIỀU KIỆN THI HÀNH ÁN",
            DocKind::ReturnNotice => "THÔNG BÁO GỬI LẠI YÊU CẦU THI HÀNH ÁN",
            DocKind::PostponementDecision => "QUYẾT ĐỊNH HOÃN THI HÀNH ÁN",
            DocKind::SuspensionDecision => "QUYẾT ĐỊNH TẠM ĐÌNH CHỈ THI HÀNH ÁN",
            DocKind::ResumptionDecision => "QUYẾT ĐỊNH TIẾP TỤC THI HÀNH ÁN",
            DocKind::TerminationDecision => "QUYẾT ĐỊNH ĐÌNH CHỈ THI HÀNH ÁN",
            DocKind::CompletionConfirmation => "XÁC NHẬN KẾT QUẢ THI HÀNH ÁN",
        }
    }
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effect {
    pub step: Step,
    pub on: Date,
    pub from: State,
    /// The facts after the step.
    pub next: Facts,
    /// The deadline now running (None: none, or waiting on others).
    pub due: Option<Due>,
    pub waiting: Option<Waiting>,
    pub selection: Selection,
    /// Provisions the step applies (citations).
    pub provisions: Vec<String>,
    /// Lateness and other things to know; never a refusal.
    pub warnings: Vec<String>,
    /// (obligation, đồng) received.
    pub payment: Option<(i64, i64)>,
    pub fulfilled: Option<i64>,
    pub document: Option<DocKind>,
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("không có vai trò thực hiện bước này / no role allows step {0:?}")]
    RoleLacks(Step),
    #[error("không thực hiện được “{step:?}” khi việc đang ở trạng thái “{state:?}” / step not allowed in this state")]
    WrongState { step: Step, state: State },
    #[error("thiếu hoặc sai dữ liệu / missing or invalid data: {0}")]
    Invalid(String),
    #[error("{0}")]
    Premature(String),
}

fn rule(set: &RuleSet, id: RuleId) -> Result<&rules::Rule, WorkflowError> {
    set.rule(id).ok_or_else(|| WorkflowError::Invalid(format!("{} has no rule {id:?}", set.id)))
}

/// The deadline of rule `id` of `set`, running from the event on `from`.
pub fn due_of(set: &'static RuleSet, id: RuleId, from: Date, cal: &Calendar) -> Result<Option<Due>, WorkflowError> {
    let r = rule(set, id)?;
    let Some(period) = r.period else { return Ok(None) };
    let deadline = cal.deadline(from, period, r.counting).map_err(|e| WorkflowError::Invalid(e.to_string()))?;
    Ok(Some(Due {
        rule: id,
        rule_set: set.id,
        ends: deadline.ends,
        citation: r.provision.cite(),
        runs_from: r.runs_from,
        deadline,
    }))
}

/// The decision deadline a new case starts at intake (2008: Điều 36; 2025: Điều 33 khoản 3, Điều 34 khoản 3).
pub fn intake_due(
    basis: Basis,
    kind: Option<OwnMotionKind>,
    received_on: Date,
    cal: &Calendar,
) -> Result<(Option<Due>, Selection), WorkflowError> {
    let (set, sel) = rules::select(received_on, None);
    let id = match (basis, kind) {
        (Basis::Request, _) => RuleId::DecisionOnRequest,
        (Basis::OwnMotion, Some(OwnMotionKind::Emergency)) => RuleId::DecisionEmergency,
        (Basis::OwnMotion, Some(OwnMotionKind::Bankruptcy)) => RuleId::DecisionBankruptcy,
        (Basis::OwnMotion, _) => RuleId::DecisionOwnMotion,
    };
    Ok((due_of(set, id, received_on, cal)?, sel))
}

/// The time to request enforcement (2008: Điều 30; 2025: Điều 34 khoản 2): 5 years from the day the
/// judgment took effect or the obligation fell due, counted by the Civil Code (Điều 148 khoản 4 BLDS);
/// `excluded_days` (postponement, suspension, objective obstacles: Điều 30 khoản 2–3 / Điều 34 khoản 2)
/// are added. Returns the last day a request is in time.
pub fn request_limit(runs_from: Date, excluded_days: u32, on: Date, cal: &Calendar) -> Result<Due, WorkflowError> {
    let (set, _) = rules::select(on, None);
    let mut due = due_of(set, RuleId::RequestLimit, runs_from, cal)?
        .ok_or_else(|| WorkflowError::Invalid("no request limit".into()))?;
    if excluded_days > 0 {
        let end = Date::from_days(due.deadline.last_day.to_days() + excluded_days as i64);
        let ends = if cal.is_working_day(end) { end } else { cal.next_working_day(end) };
        due.ends = ends;
    }
    Ok(due)
}

fn need<T: Clone>(v: &Option<T>, what: &str) -> Result<T, WorkflowError> {
    v.clone().ok_or_else(|| WorkflowError::Invalid(format!("“{what}” is required")))
}

fn late(warnings: &mut Vec<String>, on: Date, due: Option<&Due>) {
    if let Some(d) = due
        && on > d.ends
    {
        warnings.push(format!(
            "Quá hạn: thời hạn kết thúc ngày {} ({}), thực hiện ngày {} / late: due {}",
            d.ends.to_dmy(),
            d.citation,
            on.to_dmy(),
            d.ends
        ));
    }
}

trait Dmy {
    fn to_dmy(&self) -> String;
}

impl Dmy for Date {
    fn to_dmy(&self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

/// The steps a case offers now, and whether `who` may take each.
pub fn next_steps(f: &Facts, who: Who<'_>) -> Vec<(Step, bool)> {
    Step::ALL
        .into_iter()
        .filter(|s| s.from_states().contains(&f.state))
        .filter(|s| match s {
            Step::Pay => f.obligations.iter().any(|o| o.kind == ObligationKind::PayMoney && o.paid < o.amount),
            Step::Fulfil => f.obligations.iter().any(|o| o.kind != ObligationKind::PayMoney && !o.done),
            Step::Complete => f.obligations.iter().all(ObligationFacts::satisfied),
            Step::ReturnRequest => {
                rules::select(f.last_on.max(rules::SWITCH), f.ended_on).0.rule(RuleId::ReturnRequest).is_some()
            }
            _ => true,
        })
        .map(|s| (s, who.may(s)))
        .collect()
}

/// Plan a step: check role, state and data; compute the new facts, the deadline started, the document
/// issued. `today` bounds the step's date (no step dated in the future).
pub fn plan(
    f: &Facts,
    step: Step,
    input: &Input,
    who: Who<'_>,
    today: Date,
    cal: &Calendar,
) -> Result<Effect, WorkflowError> {
    if !who.may(step) {
        return Err(WorkflowError::RoleLacks(step));
    }
    if !step.from_states().contains(&f.state) {
        return Err(WorkflowError::WrongState { step, state: f.state });
    }
    let on = input.on.unwrap_or(today);
    if on > today {
        return Err(WorkflowError::Invalid(format!("the step's date {on} is after today {today}")));
    }
    if on < f.last_on {
        return Err(WorkflowError::Invalid(format!(
            "the step's date {on} is before the case's latest step {}",
            f.last_on
        )));
    }
    let (set, selection) = rules::select(on, f.ended_on);
    let mut next = f.clone();
    next.last_on = on;
    let mut provisions: Vec<String> = vec![];
    let mut warnings: Vec<String> = vec![];
    let mut due: Option<Due> = None;
    let mut waiting: Option<Waiting> = None;
    let mut payment = None;
    let mut fulfilled = None;
    let mut document = None;
    let running = f.due.map(|d| (d, f.state));
    let cite = |id: RuleId| set.rule(id).map(|r| r.provision.cite()).unwrap_or_default();
    // A running deadline that ended before the step: the step is late (recorded, not refused).
    let late_against_running = |warnings: &mut Vec<String>| {
        if let Some((d, _)) = running
            && on > d
        {
            warnings.push(format!(
                "Quá hạn: thời hạn kết thúc ngày {}, thực hiện ngày {} / late: due {d}",
                d.to_dmy(),
                on.to_dmy()
            ));
        }
    };
    match step {
        Step::Decide => {
            late_against_running(&mut warnings);
            provisions.push(cite(match (f.basis, f.own_motion) {
                (Basis::Request, _) => RuleId::DecisionOnRequest,
                (_, Some(OwnMotionKind::Emergency)) => RuleId::DecisionEmergency,
                (_, Some(OwnMotionKind::Bankruptcy)) => RuleId::DecisionBankruptcy,
                _ => RuleId::DecisionOwnMotion,
            }));
            next.state = State::Decided;
            due = due_of(set, RuleId::Notify, on, cal)?;
            document = Some(DocKind::EnforcementDecision);
        }
        Step::Notify => {
            late_against_running(&mut warnings);
            provisions.push(cite(RuleId::Notify));
            next.state = State::Notified;
            waiting = Some(Waiting::Service);
            document = Some(DocKind::Notice);
        }
        Step::Serve => {
            if f.emergency() {
                // No voluntary period for emergency measures: verify at once (2008 khoản 1 Điều 44, khoản 2 Điều 45; 2025 khoản 1 Điều 36, khoản 1 Điều 37).
                provisions.push(cite(RuleId::VerifyEmergency));
                next.state = State::Verifying;
                due = due_of(set, RuleId::VerifyEmergency, on, cal)?;
            } else {
                provisions.push(cite(RuleId::Voluntary));
                next.state = State::Voluntary;
                due = due_of(set, RuleId::Voluntary, on, cal)?;
                next.voluntary_ends = due.as_ref().map(|d| d.ends);
            }
        }
        Step::StartVerification => {
            let ends = need(&f.voluntary_ends, "voluntary_ends")?;
            if on <= ends {
                return Err(WorkflowError::Premature(format!(
                    "thời hạn tự nguyện còn đến hết ngày {} ({}) / the voluntary period runs to {ends}",
                    ends.to_dmy(),
                    cite(RuleId::Voluntary)
                )));
            }
            provisions.push(cite(RuleId::Verify));
            next.state = State::Verifying;
            // The verification period runs from the end of the voluntary period, not from this step.
            due = due_of(set, RuleId::Verify, ends, cal)?;
        }
        Step::FindMeans => {
            if let Some(at) = input.coercion_at {
                if at.on < on {
                    return Err(WorkflowError::Invalid(format!(
                        "coercion_at: {at} is before the decision's date {on}"
                    )));
                }
                if let Some(why) = crate::coercion::refusal(cal, at.on, Some(at.minute)) {
                    let next = crate::coercion::next_allowed(cal, at);
                    return Err(WorkflowError::Invalid(format!("coercion_at: {why}; gợi ý / suggestion: {next}")));
                }
            }
            late_against_running(&mut warnings);
            provisions.push(cite(RuleId::Coercion));
            provisions.push(cite(RuleId::NoCoercionHours));
            next.state = State::Coercion;
            document = Some(DocKind::CoercionDecision);
        }
        Step::FindNoMeans => {
            let ground = need(&input.ground, "ground")?;
            if ground.trim().is_empty() || ground.len() > 200 {
                return Err(WorkflowError::Invalid("ground: the point of the article (≤ 200)".into()));
            }
            late_against_running(&mut warnings);
            if let Some(d) = due_of(set, RuleId::NoMeansDecision, input.grounds_date.unwrap_or(f.last_on), cal)? {
                late(&mut warnings, on, Some(&d));
            }
            provisions.push(cite(RuleId::NoMeansDecision));
            next.state = State::NoMeans;
            next.no_means_since = Some(on);
            next.verifications = 1;
            next.long_interval = input.long_interval;
            let id = if input.long_interval { RuleId::ReverifyLong } else { RuleId::Reverify };
            provisions.push(cite(id));
            due = due_of(set, id, on, cal)?;
            document = Some(DocKind::NoMeansDecision);
        }
        Step::Reverify => {
            late_against_running(&mut warnings);
            next.verifications = f.verifications + 1;
            next.long_interval = input.long_interval || f.long_interval;
            let id = if next.long_interval { RuleId::ReverifyLong } else { RuleId::Reverify };
            provisions.push(cite(id));
            if set.id == rules::THADS_2008.id && next.verifications >= 2 {
                // "Sau hai lần xác minh … thông báo bằng văn bản cho người được thi hành án … xác minh lại khi có thông tin mới."
                waiting = Some(Waiting::NewInformation);
                document = Some(DocKind::VerificationNotice);
            } else {
                due = due_of(set, id, on, cal)?;
            }
        }
        Step::NewInformation => {
            provisions.push(cite(RuleId::NewInfoVerify));
            next.state = State::Verifying;
            due = due_of(set, RuleId::NewInfoVerify, on, cal)?;
        }
        Step::ReturnRequest => {
            let r = set.rule(RuleId::ReturnRequest).ok_or_else(|| {
                WorkflowError::Invalid(format!(
                    "{} has no such step (only Luật 106/2025/QH15, khoản 4 Điều 38)",
                    set.title
                ))
            })?;
            let since = need(&f.no_means_since, "no_means_since")?;
            let limit = due_of(set, RuleId::ReturnRequest, since, cal)?
                .ok_or_else(|| WorkflowError::Invalid("return period".into()))?;
            if on < limit.deadline.last_day {
                return Err(WorkflowError::Premature(format!(
                    "chưa hết thời hạn 02 năm kể từ ngày có quyết định chưa có điều kiện ({}) / two years not yet passed",
                    r.provision.cite()
                )));
            }
            provisions.push(r.provision.cite());
            next.state = State::Returned;
            next.ended_on = Some(on);
            document = Some(DocKind::ReturnNotice);
        }
        Step::Pay => {
            let id = need(&input.obligation, "obligation")?;
            let amount = need(&input.amount, "amount")?;
            let o = next
                .obligations
                .iter_mut()
                .find(|o| o.id == id)
                .ok_or_else(|| WorkflowError::Invalid(format!("no obligation {id} in this case")))?;
            if o.kind != ObligationKind::PayMoney {
                return Err(WorkflowError::Invalid("a payment goes to a money obligation".into()));
            }
            if amount <= 0 || amount > o.amount - o.paid {
                return Err(WorkflowError::Invalid(format!(
                    "amount: 1 … {} đồng (what is still owed on this obligation)",
                    o.amount - o.paid
                )));
            }
            o.paid += amount;
            payment = Some((id, amount));
        }
        Step::Fulfil => {
            let id = need(&input.obligation, "obligation")?;
            let o = next
                .obligations
                .iter_mut()
                .find(|o| o.id == id)
                .ok_or_else(|| WorkflowError::Invalid(format!("no obligation {id} in this case")))?;
            if o.kind == ObligationKind::PayMoney || o.done {
                return Err(WorkflowError::Invalid("not an open obligation other than money".into()));
            }
            o.done = true;
            fulfilled = Some(id);
        }
        Step::Postpone => {
            let ground = need(&input.ground, "ground")?;
            if ground.trim().is_empty() || ground.len() > 200 {
                return Err(WorkflowError::Invalid("ground: the point of the article (≤ 200)".into()));
            }
            if input.protest {
                provisions.push(cite(RuleId::PostponeOnProtest));
                let max = due_of(set, RuleId::PostponeOnProtestMax, input.grounds_date.unwrap_or(on), cal)?;
                if let (Some(until), Some(max)) = (input.until, &max)
                    && until > max.deadline.last_day
                {
                    return Err(WorkflowError::Invalid(format!(
                        "hoãn theo yêu cầu kháng nghị không quá 03 tháng ({}): đến hết ngày {}",
                        max.citation,
                        max.deadline.last_day.to_dmy()
                    )));
                }
                provisions.push(cite(RuleId::PostponeOnProtestMax));
            } else {
                provisions.push(cite(RuleId::PostponeDecision));
                if let Some(g) = input.grounds_date {
                    late(&mut warnings, on, due_of(set, RuleId::PostponeDecision, g, cal)?.as_ref());
                }
            }
            pause(f, &mut next, on);
            next.state = State::Postponed;
            match input.until {
                Some(until) if until >= on => {
                    provisions.push(cite(RuleId::ResumePostponed));
                    due = due_of(set, RuleId::ResumePostponed, until, cal)?;
                }
                Some(_) => return Err(WorkflowError::Invalid("until: a day after the postponement".into())),
                None => waiting = Some(Waiting::Grounds),
            }
            document = Some(DocKind::PostponementDecision);
        }
        Step::Suspend => {
            let ground = need(&input.ground, "ground")?;
            if ground.trim().is_empty() || ground.len() > 200 {
                return Err(WorkflowError::Invalid("ground: the point of the article (≤ 200)".into()));
            }
            provisions.push(cite(RuleId::SuspendDecision));
            if let Some(g) = input.grounds_date {
                late(&mut warnings, on, due_of(set, RuleId::SuspendDecision, g, cal)?.as_ref());
            }
            if f.state != State::Postponed {
                pause(f, &mut next, on);
            }
            next.state = State::Suspended;
            waiting = Some(Waiting::Court);
            document = Some(DocKind::SuspensionDecision);
        }
        Step::Resume => {
            let id = if f.state == State::Postponed { RuleId::ResumePostponed } else { RuleId::ResumeSuspended };
            provisions.push(cite(id));
            if let Some(g) = input.grounds_date {
                late(&mut warnings, on, due_of(set, id, g, cal)?.as_ref());
            } else if f.state == State::Postponed {
                late_against_running(&mut warnings);
            }
            let back = f.resume_to.unwrap_or(State::Decided);
            next.state = back;
            next.resume_to = None;
            let paused = f.paused_on.unwrap_or(on);
            next.paused_on = None;
            // The deadline of the state resumed restarts from the resumption (time under postponement or
            // suspension is not counted); the voluntary period keeps the days it had left.
            match back {
                State::Decided => due = due_of(set, RuleId::Notify, on, cal)?,
                State::Notified => waiting = Some(Waiting::Service),
                State::Voluntary => {
                    let left = f.voluntary_ends.map(|e| (e.to_days() - paused.to_days()).max(0)).unwrap_or(10);
                    let r = rule(set, RuleId::Voluntary)?;
                    let deadline = cal
                        .deadline(on, Period::Days(left as u32), r.counting)
                        .map_err(|e| WorkflowError::Invalid(e.to_string()))?;
                    next.voluntary_ends = Some(deadline.ends);
                    due = Some(Due {
                        rule: RuleId::Voluntary,
                        rule_set: set.id,
                        ends: deadline.ends,
                        citation: r.provision.cite(),
                        runs_from: r.runs_from,
                        deadline,
                    });
                }
                State::Verifying => due = due_of(set, RuleId::Verify, on, cal)?,
                State::NoMeans => {
                    let id = if f.long_interval { RuleId::ReverifyLong } else { RuleId::Reverify };
                    due = due_of(set, id, on, cal)?;
                }
                _ => {}
            }
            document = Some(DocKind::ResumptionDecision);
        }
        Step::Terminate => {
            let ground = need(&input.ground, "ground")?;
            if ground.trim().is_empty() || ground.len() > 200 {
                return Err(WorkflowError::Invalid("ground: the clause or point of the article (≤ 200)".into()));
            }
            provisions.push(cite(RuleId::TerminateDecision));
            if let Some(g) = input.grounds_date {
                late(&mut warnings, on, due_of(set, RuleId::TerminateDecision, g, cal)?.as_ref());
            }
            next.state = State::Terminated;
            next.ended_on = Some(on);
            next.resume_to = None;
            next.paused_on = None;
            document = Some(DocKind::TerminationDecision);
        }
        Step::Complete => {
            if let Some(o) = f.obligations.iter().find(|o| !o.satisfied()) {
                return Err(WorkflowError::Premature(format!(
                    "nghĩa vụ {} chưa thi hành xong ({} / {} đồng) / obligation not yet performed",
                    o.id, o.paid, o.amount
                )));
            }
            provisions.push(cite(RuleId::Completion));
            next.state = State::Completed;
            next.ended_on = Some(on);
            document = Some(DocKind::CompletionConfirmation);
        }
    }
    if next.state.is_terminal() {
        due = None;
        waiting = None;
    }
    if next.state.is_terminal() {
        next.due = None;
    } else if !keeps_deadline(step) {
        next.due = due.as_ref().map(|d| d.ends);
    }
    Ok(Effect {
        step,
        on,
        from: f.state,
        next,
        due,
        waiting,
        selection,
        provisions,
        warnings,
        payment,
        fulfilled,
        document,
    })
}

fn pause(f: &Facts, next: &mut Facts, on: Date) {
    next.resume_to = Some(f.state);
    next.paused_on = Some(on);
}

/// Steps that leave the case's deadline and waiting as they were (a payment, an obligation performed):
/// the store keeps the running deadline's columns.
pub fn keeps_deadline(step: Step) -> bool {
    matches!(step, Step::Pay | Step::Fulfil)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn facts(state: State) -> Facts {
        Facts {
            state,
            basis: Basis::Request,
            own_motion: None,
            received_on: d("2026-03-02"),
            last_on: d("2026-03-02"),
            due: None,
            voluntary_ends: Some(d("2026-03-20")),
            no_means_since: Some(d("2026-04-01")),
            verifications: 1,
            long_interval: false,
            resume_to: Some(State::Voluntary),
            paused_on: Some(d("2026-03-10")),
            ended_on: None,
            obligations: vec![
                ObligationFacts { id: 1, kind: ObligationKind::PayMoney, amount: 50_000_000, paid: 0, done: false },
                ObligationFacts { id: 2, kind: ObligationKind::HandOverAsset, amount: 0, paid: 0, done: false },
            ],
        }
    }

    fn full_input() -> Input {
        Input {
            on: Some(d("2026-05-04")),
            obligation: Some(1),
            amount: Some(1_000_000),
            ground: Some("điểm c".into()),
            grounds_date: None,
            until: None,
            protest: false,
            long_interval: false,
            coercion_at: None,
            note: None,
        }
    }

    /// The table: for each step, the roles that may take it. Every (state × step × role) is checked:
    /// allowed exactly when the role is listed and the state is one the step starts from.
    #[test]
    fn transitions_by_roles_table() {
        use Role::*;
        let table: &[(Step, &[Role])] = &[
            (Step::Decide, &[OfficeHead]),
            (Step::Notify, &[EnforcementOfficer, Clerk]),
            (Step::Serve, &[EnforcementOfficer, Clerk]),
            (Step::StartVerification, &[EnforcementOfficer]),
            (Step::FindMeans, &[EnforcementOfficer]),
            (Step::FindNoMeans, &[OfficeHead]),
            (Step::Reverify, &[EnforcementOfficer]),
            (Step::NewInformation, &[EnforcementOfficer]),
            (Step::ReturnRequest, &[OfficeHead]),
            (Step::Pay, &[Accountant, OfficeHead]),
            (Step::Fulfil, &[EnforcementOfficer]),
            (Step::Postpone, &[OfficeHead]),
            (Step::Suspend, &[OfficeHead]),
            (Step::Resume, &[OfficeHead]),
            (Step::Terminate, &[OfficeHead]),
            (Step::Complete, &[OfficeHead]),
        ];
        assert_eq!(table.len(), Step::ALL.len());
        let cal = Calendar::default();
        let today = d("2029-01-01");
        let mut checked = 0;
        for (step, allowed_roles) in table {
            for state in State::ALL {
                for role in Role::ALL {
                    let roles = [role];
                    let mut f = facts(state);
                    // Make the data-dependent guards pass so that only role and state decide.
                    if *step == Step::Complete {
                        for o in &mut f.obligations {
                            o.paid = o.amount;
                            o.done = true;
                        }
                    }
                    let mut input = full_input();
                    if *step == Step::ReturnRequest {
                        input.on = Some(d("2028-06-01"));
                    }
                    if *step == Step::Fulfil {
                        input.obligation = Some(2);
                    }
                    let got = plan(&f, *step, &input, Who::Roles(&roles), today, &cal);
                    let role_ok = allowed_roles.contains(&role);
                    let state_ok = step.from_states().contains(&state);
                    match (&got, role_ok, state_ok) {
                        (Ok(_), true, true) => {}
                        (Err(WorkflowError::RoleLacks(_)), false, _) => {}
                        (Err(WorkflowError::WrongState { .. }), true, false) => {}
                        _ => panic!("{step:?} by {role:?} in {state:?}: {got:?}"),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 16 * 12 * 8);
        // The system principal may take every step.
        assert!(Step::ALL.iter().all(|s| Who::System.may(*s)));
    }

    #[test]
    fn a_case_under_the_2008_law_from_request_to_completion() {
        let cal = Calendar::default();
        let today = d("2026-06-30");
        // Request received Friday 06/03/2026.
        let (due, sel) = intake_due(Basis::Request, None, d("2026-03-06"), &cal).unwrap();
        let due = due.unwrap();
        assert_eq!(sel.set, "thads-2008");
        // 5 working days: Mon 9 … Fri 13/03.
        assert_eq!(due.ends, d("2026-03-13"));
        assert!(due.citation.contains("khoản 1 Điều 36"));
        let mut f = facts(State::Received);
        f.received_on = d("2026-03-06");
        f.last_on = d("2026-03-06");
        f.due = Some(due.ends);
        f.resume_to = None;
        f.paused_on = None;
        let sys = Who::System;
        let at = |s: &str| Input { on: Some(d(s)), ..Input::default() };
        let e = plan(&f, Step::Decide, &at("2026-03-12"), sys, today, &cal).unwrap();
        assert!(e.warnings.is_empty());
        assert_eq!(e.document, Some(DocKind::EnforcementDecision));
        // Notify within 3 working days of Thu 12/03: Tue 17/03 (Điều 39 khoản 2).
        assert_eq!(e.due.as_ref().unwrap().ends, d("2026-03-17"));
        assert!(e.due.as_ref().unwrap().citation.contains("khoản 2 Điều 39"));
        let f = e.next;
        let e = plan(&f, Step::Notify, &at("2026-03-13"), sys, today, &cal).unwrap();
        assert_eq!(e.waiting, Some(Waiting::Service));
        let f = e.next;
        // Served on 16/03: ten days → 26/03 (Điều 45 khoản 1).
        let e = plan(&f, Step::Serve, &at("2026-03-16"), sys, today, &cal).unwrap();
        assert_eq!(e.due.as_ref().unwrap().ends, d("2026-03-26"));
        let f = e.next;
        // Verification cannot start inside the voluntary period.
        assert!(matches!(
            plan(&f, Step::StartVerification, &at("2026-03-26"), sys, today, &cal),
            Err(WorkflowError::Premature(_))
        ));
        // Ten days after the voluntary period: 26/03 + 10 = Sun 05/04 → Mon 06/04 (Điều 148 khoản 5 BLDS).
        let e = plan(&f, Step::StartVerification, &at("2026-03-27"), sys, today, &cal).unwrap();
        let due = e.due.as_ref().unwrap();
        assert_eq!(due.deadline.last_day, d("2026-04-05"));
        assert_eq!(due.ends, d("2026-04-06"));
        assert!(due.citation.contains("khoản 1 Điều 44"));
        let f = e.next;
        // Coercion is never set for a night, a day off or a holiday (khoản 2 Điều 46): the refusal cites
        // the provision and suggests the next allowed moment.
        let when = |s: &str| Input { coercion_at: crate::coercion::Moment::parse(s), ..at("2026-04-02") };
        for (bad, fix) in [("2026-04-05 09:00", "2026-04-06 08:00"), ("2026-04-03 22:15", "2026-04-06 08:00")] {
            let Err(WorkflowError::Invalid(why)) = plan(&f, Step::FindMeans, &when(bad), sys, today, &cal) else {
                panic!("coercion at {bad} accepted")
            };
            assert!(why.contains("khoản 2 Điều 46") && why.contains(fix), "{why}");
        }
        assert!(plan(&f, Step::FindMeans, &when("2026-04-01 09:00"), sys, today, &cal).is_err(), "before the decision");
        let e = plan(&f, Step::FindMeans, &when("2026-04-03 08:00"), sys, today, &cal).unwrap();
        assert_eq!(e.next.state, State::Coercion);
        let e = plan(&f, Step::FindMeans, &at("2026-04-02"), sys, today, &cal).unwrap();
        assert_eq!(e.next.state, State::Coercion);
        let f = e.next;
        // Completion is refused until every obligation is performed; money adds up.
        assert!(matches!(
            plan(&f, Step::Complete, &at("2026-04-03"), sys, today, &cal),
            Err(WorkflowError::Premature(_))
        ));
        let pay = |f: &Facts, amount| {
            plan(
                f,
                Step::Pay,
                &Input { obligation: Some(1), amount: Some(amount), ..at("2026-04-03") },
                sys,
                today,
                &cal,
            )
        };
        assert!(pay(&f, 50_000_001).is_err());
        assert!(pay(&f, 0).is_err());
        let f = pay(&f, 20_000_000).unwrap().next;
        let f = pay(&f, 30_000_000).unwrap().next;
        assert_eq!(f.obligations[0].paid, 50_000_000);
        let f =
            plan(&f, Step::Fulfil, &Input { obligation: Some(2), ..at("2026-04-03") }, sys, today, &cal).unwrap().next;
        let e = plan(&f, Step::Complete, &at("2026-04-06"), sys, today, &cal).unwrap();
        assert_eq!(e.next.state, State::Completed);
        assert!(e.provisions[0].contains("khoản 1 Điều 52"));
        assert_eq!(e.next.ended_on, Some(d("2026-04-06")));
        assert!(next_steps(&e.next, sys).is_empty());
    }

    #[test]
    fn the_2025_law_governs_steps_from_1_july_2026() {
        let cal = Calendar::default();
        let today = d("2026-12-31");
        let mut f = facts(State::Voluntary);
        f.resume_to = None;
        f.paused_on = None;
        f.voluntary_ends = Some(d("2026-07-03"));
        f.last_on = d("2026-06-23");
        let e = plan(
            &f,
            Step::StartVerification,
            &Input { on: Some(d("2026-07-06")), ..Input::default() },
            Who::System,
            today,
            &cal,
        )
        .unwrap();
        assert_eq!(e.selection.set, "thads-2025");
        let due = e.due.unwrap();
        // 09 days from Fri 03/07: Sun 12/07 → Mon 13/07 (Điều 37 khoản 1 Luật 106/2025/QH15).
        assert_eq!(due.deadline.last_day, d("2026-07-12"));
        assert_eq!(due.ends, d("2026-07-13"));
        assert!(due.citation.contains("khoản 1 Điều 37 Luật Thi hành án dân sự 106/2025/QH15"));
    }

    #[test]
    fn no_means_reverification_and_the_2008_two_verification_rule() {
        let cal = Calendar::default();
        let today = d("2026-06-30");
        let mut f = facts(State::Verifying);
        f.last_on = d("2025-01-10");
        let sys = Who::System;
        let e = plan(
            &f,
            Step::FindNoMeans,
            &Input {
                on: Some(d("2025-01-15")), ground: Some("điểm a khoản 1 Điều 44a".into()), ..Input::default()
            },
            sys,
            today,
            &cal,
        )
        .unwrap();
        assert_eq!(e.next.state, State::NoMeans);
        // Six months: 15/07/2025 (Điều 44 khoản 2).
        assert_eq!(e.due.as_ref().unwrap().ends, d("2025-07-15"));
        let f = e.next;
        let e = plan(&f, Step::Reverify, &Input { on: Some(d("2025-07-10")), ..Input::default() }, sys, today, &cal)
            .unwrap();
        // After two verifications: the creditor is told; re-verification on new information only.
        assert_eq!(e.waiting, Some(Waiting::NewInformation));
        assert_eq!(e.document, Some(DocKind::VerificationNotice));
        assert!(e.due.is_none());
        // Sending the request back is a 2025 step only.
        assert!(
            plan(
                &e.next,
                Step::ReturnRequest,
                &Input { on: Some(d("2026-06-01")), ..Input::default() },
                sys,
                today,
                &cal
            )
            .is_err()
        );
    }

    #[test]
    fn emergency_measures_are_decided_at_once_and_verified_at_once() {
        let cal = Calendar::default();
        let (due, _) = intake_due(Basis::OwnMotion, Some(OwnMotionKind::Emergency), d("2026-03-07"), &cal).unwrap();
        let due = due.unwrap();
        assert_eq!(due.ends, d("2026-03-07"), "ngay: due the same day, even a Saturday");
        assert!(due.citation.contains("điểm đ khoản 2 Điều 36"));
        let (due, _) = intake_due(Basis::OwnMotion, Some(OwnMotionKind::Bankruptcy), d("2026-07-03"), &cal).unwrap();
        assert!(due.unwrap().citation.contains("điểm c khoản 3 Điều 33"));
    }

    #[test]
    fn request_limit_counts_years_and_excluded_time() {
        let cal = Calendar::default();
        // Judgment in force 15/03/2021: five years end 15/03/2026 (a Sunday) → Mon 16/03/2026.
        let due = request_limit(d("2021-03-15"), 0, d("2026-03-01"), &cal).unwrap();
        assert_eq!(due.deadline.last_day, d("2026-03-15"));
        assert_eq!(due.ends, d("2026-03-16"));
        assert!(due.citation.contains("khoản 1 Điều 30"));
        let due = request_limit(d("2021-03-15"), 30, d("2026-03-01"), &cal).unwrap();
        assert_eq!(due.ends, d("2026-04-14"));
    }

    #[test]
    fn postponement_and_resumption_keep_the_days_left() {
        let cal = Calendar::default();
        let today = d("2026-06-30");
        let mut f = facts(State::Voluntary);
        f.resume_to = None;
        f.paused_on = None;
        f.voluntary_ends = Some(d("2026-03-20"));
        f.last_on = d("2026-03-10");
        let sys = Who::System;
        let e = plan(
            &f,
            Step::Postpone,
            &Input { on: Some(d("2026-03-15")), ground: Some("điểm c khoản 1".into()), ..Input::default() },
            sys,
            today,
            &cal,
        )
        .unwrap();
        assert_eq!(e.waiting, Some(Waiting::Grounds));
        let e = plan(&e.next, Step::Resume, &Input { on: Some(d("2026-04-01")), ..Input::default() }, sys, today, &cal)
            .unwrap();
        assert_eq!(e.next.state, State::Voluntary);
        // Five days were left on 15/03; from 01/04 → 06/04.
        assert_eq!(e.next.voluntary_ends, Some(d("2026-04-06")));
        // On protest: at most three months.
        let bad = plan(
            &f,
            Step::Postpone,
            &Input {
                on: Some(d("2026-03-15")),
                ground: Some("khoản 2".into()),
                protest: true,
                until: Some(d("2026-07-01")),
                ..Input::default()
            },
            sys,
            d("2026-06-30"),
            &cal,
        );
        assert!(matches!(bad, Err(WorkflowError::Invalid(_))), "{bad:?}");
    }

    #[test]
    fn no_step_in_the_future_or_before_the_last() {
        let cal = Calendar::default();
        let f = facts(State::Received);
        let e = plan(
            &f,
            Step::Decide,
            &Input { on: Some(d("2026-03-01")), ..Input::default() },
            Who::System,
            d("2026-06-01"),
            &cal,
        );
        assert!(matches!(e, Err(WorkflowError::Invalid(_))));
        let e = plan(
            &f,
            Step::Decide,
            &Input { on: Some(d("2026-07-01")), ..Input::default() },
            Who::System,
            d("2026-06-01"),
            &cal,
        );
        assert!(matches!(e, Err(WorkflowError::Invalid(_))));
    }
}
