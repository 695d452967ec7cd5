//! The authorisation policy, in one place and pure: [`allows`]`(principal, action, target)` →
//! [`Decision`]. Every read and write is scoped to the principal's unit (and the units below it for
//! supervisors and administrators) and to its roles; an API token may narrow a user to reads.
//!
//! Rules:
//! - Anonymous callers may read the public legal library and the public holiday calendar; nothing else.
//! - The system principal (local CLI commands, `system:cli`) may do everything; it is audited like anyone.
//! - A signed-in user may read their own account and manage their own API tokens.
//! - Any other action needs a role that grants it, with the target inside the role's reach: office
//!   roles (officer, clerk, accountant, office head) reach their own unit only; supervisors and
//!   administrators reach their unit and every unit below it. Global targets (the calendar, the legal
//!   library, the unit tree's top) need a role of subtree reach held at the national unit.
//! - Supervisors only read. Administrators manage units, users, the calendar and the library, but do not
//!   read case files, funds or the personal data in them (separation of duties).
//! - A read-only token ([`Scope::Read`]) refuses every write, whatever the roles.

use serde::{Deserialize, Serialize};

/// A unit's id (`units.id`).
pub type UnitId = i64;

/// A role. A user may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chấp hành viên — enforcement officer.
    EnforcementOfficer,
    /// Thư ký thi hành án — clerk.
    Clerk,
    /// Kế toán — accountant.
    Accountant,
    /// Thủ trưởng cơ quan thi hành án dân sự — head of office.
    OfficeHead,
    /// Giám sát cấp tỉnh — provincial supervisor (reads the province's offices).
    ProvincialSupervisor,
    /// Giám sát toàn quốc — national supervisor (reads every office).
    NationalSupervisor,
    /// Quản trị hệ thống — administrator (units, users, calendar, library).
    Administrator,
    /// Công dân — citizen, an external user.
    Citizen,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::EnforcementOfficer,
        Role::Clerk,
        Role::Accountant,
        Role::OfficeHead,
        Role::ProvincialSupervisor,
        Role::NationalSupervisor,
        Role::Administrator,
        Role::Citizen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::EnforcementOfficer => "enforcement_officer",
            Role::Clerk => "clerk",
            Role::Accountant => "accountant",
            Role::OfficeHead => "office_head",
            Role::ProvincialSupervisor => "provincial_supervisor",
            Role::NationalSupervisor => "national_supervisor",
            Role::Administrator => "administrator",
            Role::Citizen => "citizen",
        }
    }

    /// The Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::EnforcementOfficer => "Chấp hành viên",
            Role::Clerk => "Thư ký thi hành án",
            Role::Accountant => "Kế toán",
            Role::OfficeHead => "Thủ trưởng cơ quan",
            Role::ProvincialSupervisor => "Giám sát cấp tỉnh",
            Role::NationalSupervisor => "Giám sát toàn quốc",
            Role::Administrator => "Quản trị hệ thống",
            Role::Citizen => "Công dân",
        }
    }

    /// Parse `enforcement_officer`, `chap-hanh-vien`, `officer` …
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_lowercase().replace('-', "_");
        Some(match s.as_str() {
            "enforcement_officer" | "officer" | "chap_hanh_vien" => Role::EnforcementOfficer,
            "clerk" | "thu_ky" => Role::Clerk,
            "accountant" | "ke_toan" => Role::Accountant,
            "office_head" | "head" | "thu_truong" => Role::OfficeHead,
            "provincial_supervisor" => Role::ProvincialSupervisor,
            "national_supervisor" => Role::NationalSupervisor,
            "administrator" | "admin" => Role::Administrator,
            "citizen" | "cong_dan" => Role::Citizen,
            _ => return None,
        })
    }

    /// How far the role reaches from the holder's unit.
    fn reach(self) -> Reach {
        match self {
            Role::EnforcementOfficer | Role::Clerk | Role::Accountant | Role::OfficeHead => Reach::OwnUnit,
            Role::ProvincialSupervisor | Role::NationalSupervisor | Role::Administrator => Reach::Subtree,
            Role::Citizen => Reach::Nothing,
        }
    }

    /// The actions the role grants (within its reach).
    fn grants(self, a: Action) -> bool {
        use Action::*;
        match self {
            Role::EnforcementOfficer | Role::Clerk => {
                matches!(a, ReadUnits | ReadCases | WriteCases | ReadPersonalData)
            }
            Role::Accountant => matches!(a, ReadUnits | ReadCases | ReadFunds | WriteFunds | ReadPersonalData),
            Role::OfficeHead => matches!(
                a,
                ReadUnits | ReadUsers | ReadAudit | ReadCases | WriteCases | ReadFunds | WriteFunds | ReadPersonalData
            ),
            Role::ProvincialSupervisor | Role::NationalSupervisor => {
                matches!(a, ReadUnits | ReadUsers | ReadAudit | ReadCases | ReadFunds | ReadPersonalData)
            }
            Role::Administrator => matches!(
                a,
                ReadUnits | ManageUnits | ReadUsers | ManageUsers | ManageCalendar | WriteLibrary | ReadAudit
            ),
            Role::Citizen => false,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    OwnUnit,
    Subtree,
    Nothing,
}

/// What an API token may do. Web sessions carry no scope (the user's full rights).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Reads only.
    Read,
    /// Reads and writes (within the user's rights).
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        match s.trim() {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// A signed-in user as the policy sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserPrincipal {
    pub id: i64,
    pub username: String,
    pub roles: Vec<Role>,
    /// The user's unit and its ancestors, from the national department down (empty for citizens).
    pub unit_path: Vec<UnitId>,
    /// `Some` when acting through an API token.
    pub scope: Option<Scope>,
}

impl UserPrincipal {
    pub fn unit(&self) -> Option<UnitId> {
        self.unit_path.last().copied()
    }
}

/// Who acts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// No session, no token.
    Anonymous,
    /// A local command (`system:cli`) or a server task: audited, unrestricted.
    System(String),
    User(UserPrincipal),
}

impl Principal {
    /// The name written to the audit chain.
    pub fn actor(&self) -> store::audit::Actor {
        match self {
            Principal::Anonymous => store::audit::Actor("anonymous".into()),
            Principal::System(name) => store::audit::Actor(name.clone()),
            Principal::User(u) => store::audit::Actor(format!("user:{}", u.username)),
        }
    }

    pub fn system_cli() -> Principal {
        Principal::System("system:cli".into())
    }
}

/// What is done. Case, funds and personal-data actions are here already so that the case modules
/// find their rules in this one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the public legal library.
    ReadLibrary,
    /// Import into / change the legal library.
    WriteLibrary,
    /// Read the public holiday calendar and compute deadlines.
    ReadCalendar,
    /// Add holidays and make-up working days.
    ManageCalendar,
    /// Read one's own account (`/api/v1/me`, one's tokens).
    ReadOwnAccount,
    /// Create and revoke one's own API tokens.
    ManageOwnTokens,
    ReadUnits,
    /// Create, move, merge units.
    ManageUnits,
    ReadUsers,
    /// Create users, grant roles, disable, reset passwords, revoke others' tokens.
    ManageUsers,
    ReadAudit,
    /// Hồ sơ thi hành án — read case files.
    ReadCases,
    WriteCases,
    /// Sổ kế toán, tiền thi hành án — read the funds ledger.
    ReadFunds,
    WriteFunds,
    /// Dữ liệu cá nhân — personal data of parties.
    ReadPersonalData,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Action::ReadLibrary,
        Action::WriteLibrary,
        Action::ReadCalendar,
        Action::ManageCalendar,
        Action::ReadOwnAccount,
        Action::ManageOwnTokens,
        Action::ReadUnits,
        Action::ManageUnits,
        Action::ReadUsers,
        Action::ManageUsers,
        Action::ReadAudit,
        Action::ReadCases,
        Action::WriteCases,
        Action::ReadFunds,
        Action::WriteFunds,
        Action::ReadPersonalData,
    ];

    /// Actions on things no unit holds: only a [`Target::Global`] makes sense for them.
    pub fn is_global(self) -> bool {
        matches!(self, Action::WriteLibrary | Action::ManageCalendar)
    }

    pub fn is_write(self) -> bool {
        matches!(
            self,
            Action::WriteLibrary
                | Action::ManageCalendar
                | Action::ManageOwnTokens
                | Action::ManageUnits
                | Action::ManageUsers
                | Action::WriteCases
                | Action::WriteFunds
        )
    }
}

/// What the action is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// Something not held by a unit: the library, the calendar, the unit tree as a whole.
    Global,
    /// Something held by a unit: the unit's path from the national department down.
    Unit(&'a [UnitId]),
    /// Something owned by a user (their account, their tokens).
    OwnedBy(i64),
}

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Denial {
    /// Sign in first (401).
    NotSignedIn,
    /// The token is read-only (403).
    ReadOnlyToken,
    /// No role grants the action (403).
    RoleLacks,
    /// A role grants it, but not over this unit (403).
    OutsideUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(Denial),
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// The policy.
pub fn allows(principal: &Principal, action: Action, target: Target<'_>) -> Decision {
    let user = match principal {
        Principal::System(_) => return Decision::Allow,
        Principal::Anonymous => {
            return if matches!(action, Action::ReadLibrary | Action::ReadCalendar) {
                Decision::Allow
            } else {
                Decision::Deny(Denial::NotSignedIn)
            };
        }
        Principal::User(u) => u,
    };
    if action.is_write() && user.scope == Some(Scope::Read) {
        return Decision::Deny(Denial::ReadOnlyToken);
    }
    if action.is_global() && target != Target::Global {
        return Decision::Deny(Denial::RoleLacks);
    }
    match action {
        Action::ReadLibrary | Action::ReadCalendar => return Decision::Allow,
        Action::ReadOwnAccount | Action::ManageOwnTokens => {
            return if target == Target::OwnedBy(user.id) {
                Decision::Allow
            } else {
                Decision::Deny(Denial::RoleLacks)
            };
        }
        _ => {}
    }
    let mut granted = false;
    for role in &user.roles {
        if !role.grants(action) {
            continue;
        }
        granted = true;
        if within(role.reach(), &user.unit_path, target) {
            return Decision::Allow;
        }
    }
    Decision::Deny(if granted { Denial::OutsideUnit } else { Denial::RoleLacks })
}

fn within(reach: Reach, own: &[UnitId], target: Target<'_>) -> bool {
    let Some(unit) = own.last() else { return false };
    match (reach, target) {
        (Reach::Nothing, _) | (_, Target::OwnedBy(_)) => false,
        (Reach::OwnUnit, Target::Unit(path)) => path.last() == Some(unit),
        (Reach::OwnUnit, Target::Global) => false,
        (Reach::Subtree, Target::Unit(path)) => path.contains(unit),
        // Global things are managed and read from the top only.
        (Reach::Subtree, Target::Global) => own.len() == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The tree: N(1) → P1(2) → R1(3), R2(4); N → P2(5) → R3(6).
    const N: &[UnitId] = &[1];
    const P1: &[UnitId] = &[1, 2];
    const R1: &[UnitId] = &[1, 2, 3];
    const R2: &[UnitId] = &[1, 2, 4];
    const P2: &[UnitId] = &[1, 5];
    const R3: &[UnitId] = &[1, 5, 6];

    fn user(role: Role, unit: &[UnitId]) -> Principal {
        Principal::User(UserPrincipal {
            id: 7,
            username: "u".into(),
            roles: vec![role],
            unit_path: unit.to_vec(),
            scope: None,
        })
    }

    fn code(a: Action) -> &'static str {
        match a {
            Action::ReadLibrary => "lib",
            Action::WriteLibrary => "LIB",
            Action::ReadCalendar => "cal",
            Action::ManageCalendar => "CAL",
            Action::ReadOwnAccount => "me",
            Action::ManageOwnTokens => "TOK",
            Action::ReadUnits => "unit",
            Action::ManageUnits => "UNIT",
            Action::ReadUsers => "user",
            Action::ManageUsers => "USER",
            Action::ReadAudit => "audit",
            Action::ReadCases => "case",
            Action::WriteCases => "CASE",
            Action::ReadFunds => "fund",
            Action::WriteFunds => "FUND",
            Action::ReadPersonalData => "pd",
        }
    }

    /// (principal name, principal, [(target name or "*", allowed action codes)]).
    type Row = (&'static str, Principal, Vec<(&'static str, &'static str)>);

    /// The matrix: for each principal, the actions allowed on each target (lower case = read, upper
    /// case = write). Every (principal, action, target) not listed must be denied.
    #[test]
    fn matrix() {
        let targets: [(&str, Target); 8] = [
            ("R1", Target::Unit(R1)),
            ("R2", Target::Unit(R2)),
            ("P1", Target::Unit(P1)),
            ("R3", Target::Unit(R3)),
            ("P2", Target::Unit(P2)),
            ("N", Target::Unit(N)),
            ("global", Target::Global),
            ("self", Target::OwnedBy(7)),
        ];
        let office = "unit case CASE pd";
        let rows: Vec<Row> = vec![
            ("anonymous", Principal::Anonymous, vec![("*", "lib cal")]),
            (
                "officer@R1",
                user(Role::EnforcementOfficer, R1),
                vec![("R1", office), ("*", "lib cal"), ("self", "me TOK")],
            ),
            ("clerk@R1", user(Role::Clerk, R1), vec![("R1", office), ("*", "lib cal"), ("self", "me TOK")]),
            (
                "accountant@R1",
                user(Role::Accountant, R1),
                vec![("R1", "unit case fund FUND pd"), ("*", "lib cal"), ("self", "me TOK")],
            ),
            (
                "head@R1",
                user(Role::OfficeHead, R1),
                vec![("R1", "unit user audit case CASE fund FUND pd"), ("*", "lib cal"), ("self", "me TOK")],
            ),
            (
                "head@P1",
                user(Role::OfficeHead, P1),
                vec![("P1", "unit user audit case CASE fund FUND pd"), ("*", "lib cal"), ("self", "me TOK")],
            ),
            (
                "provincial@P1",
                user(Role::ProvincialSupervisor, P1),
                vec![
                    ("R1", "unit user audit case fund pd"),
                    ("R2", "unit user audit case fund pd"),
                    ("P1", "unit user audit case fund pd"),
                    ("*", "lib cal"),
                    ("self", "me TOK"),
                ],
            ),
            (
                "national@N",
                user(Role::NationalSupervisor, N),
                vec![
                    ("R1", "unit user audit case fund pd"),
                    ("R2", "unit user audit case fund pd"),
                    ("P1", "unit user audit case fund pd"),
                    ("R3", "unit user audit case fund pd"),
                    ("P2", "unit user audit case fund pd"),
                    ("N", "unit user audit case fund pd"),
                    ("global", "unit user audit case fund pd"),
                    ("*", "lib cal"),
                    ("self", "me TOK"),
                ],
            ),
            (
                "admin@N",
                user(Role::Administrator, N),
                vec![
                    ("R1", "unit UNIT user USER audit"),
                    ("R2", "unit UNIT user USER audit"),
                    ("P1", "unit UNIT user USER audit"),
                    ("R3", "unit UNIT user USER audit"),
                    ("P2", "unit UNIT user USER audit"),
                    ("N", "unit UNIT user USER audit"),
                    ("global", "unit UNIT user USER audit CAL LIB"),
                    ("*", "lib cal"),
                    ("self", "me TOK"),
                ],
            ),
            (
                "admin@P2",
                user(Role::Administrator, P2),
                vec![
                    ("R3", "unit UNIT user USER audit"),
                    ("P2", "unit UNIT user USER audit"),
                    ("*", "lib cal"),
                    ("self", "me TOK"),
                ],
            ),
            ("citizen", user(Role::Citizen, &[]), vec![("*", "lib cal"), ("self", "me TOK")]),
        ];
        let mut checked = 0;
        for (name, principal, allowed) in &rows {
            for (tname, target) in &targets {
                for action in Action::ALL {
                    let expect = allowed
                        .iter()
                        .any(|(t, acts)| (*t == "*" || t == tname) && acts.split(' ').any(|c| c == code(action)));
                    let got = allows(principal, action, *target);
                    assert_eq!(got.is_allowed(), expect, "{name} {action:?} on {tname}: {got:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, rows.len() * 8 * 16);
        // The system principal may do everything.
        for action in Action::ALL {
            for (_, target) in &targets {
                assert!(allows(&Principal::system_cli(), action, *target).is_allowed());
            }
        }
    }

    #[test]
    fn reasons() {
        assert_eq!(
            allows(&Principal::Anonymous, Action::ReadOwnAccount, Target::OwnedBy(1)),
            Decision::Deny(Denial::NotSignedIn)
        );
        assert_eq!(
            allows(&user(Role::EnforcementOfficer, R1), Action::WriteCases, Target::Unit(R2)),
            Decision::Deny(Denial::OutsideUnit)
        );
        assert_eq!(
            allows(&user(Role::EnforcementOfficer, R1), Action::ManageUsers, Target::Unit(R1)),
            Decision::Deny(Denial::RoleLacks)
        );
        // Someone else's tokens are not "own".
        assert_eq!(
            allows(&user(Role::Administrator, N), Action::ManageOwnTokens, Target::OwnedBy(8)),
            Decision::Deny(Denial::RoleLacks)
        );
    }

    #[test]
    fn read_only_tokens_refuse_every_write() {
        let mut p = UserPrincipal {
            id: 7,
            username: "a".into(),
            roles: Role::ALL.to_vec(),
            unit_path: N.to_vec(),
            scope: Some(Scope::Read),
        };
        for action in Action::ALL {
            let d = allows(&Principal::User(p.clone()), action, Target::Global);
            if action.is_write() {
                assert_eq!(d, Decision::Deny(Denial::ReadOnlyToken), "{action:?}");
            }
        }
        assert!(allows(&Principal::User(p.clone()), Action::ReadUnits, Target::Unit(R3)).is_allowed());
        p.scope = Some(Scope::Write);
        assert!(allows(&Principal::User(p), Action::ManageUnits, Target::Unit(R3)).is_allowed());
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("chap-hanh-vien"), Some(Role::EnforcementOfficer));
        assert_eq!(Role::parse("king"), None);
    }
}
