//! `tuphap admin …` (units, users, roles, tokens, holidays, retention) and `tuphap calendar …`
//! (deadlines, holidays of a year). Every command acts as the audited system principal `system:cli`.

use crate::Failure;
use clap::Subcommand;
use lex::Date;
use platform::calendar::{Counting, Override, OverrideKind, Period};
use platform::{Platform, PlatformError, Principal, Role, Scope};
use store::Db;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Units (đơn vị): the national department, provincial and regional offices.
    Unit {
        #[command(subcommand)]
        command: UnitCommand,
    },
    /// Users (người dùng) and their roles.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Holidays and make-up working days decided by the Government (overrides of the pre-filled calendar).
    Holiday {
        #[command(subcommand)]
        command: HolidayCommand,
    },
    /// Retention of personal data (Nghị định 356/2025/NĐ-CP).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Delete sessions, tokens, sign-in failures and access-log rows that outlived their retention.
    Purge,
}

#[derive(Subcommand)]
pub enum UnitCommand {
    /// Add a unit under a parent (one level below it).
    Add {
        code: String,
        name: String,
        #[arg(long)]
        parent: String,
    },
    /// List units (all, or those under a parent).
    List {
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move a unit under another parent.
    Move {
        code: String,
        #[arg(long)]
        to: String,
    },
    /// Merge a unit into another (its sub-units and users move; history is kept).
    Merge {
        code: String,
        #[arg(long)]
        into: String,
    },
    /// Give a unit its official name.
    Rename { code: String, name: String },
    /// A unit's history (created, moved, merged).
    History { code: String },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a user. Without --password a password is generated and printed once.
    Add {
        username: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Unit code (staff); citizens have none.
        #[arg(long)]
        unit: Option<String>,
        /// enforcement_officer, clerk, accountant, office_head, provincial_supervisor,
        /// national_supervisor, administrator, citizen (repeatable).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long, env = "TUPHAP_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List users (optionally of one unit). The read is logged as personal-data access.
    List {
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "quản trị / administration")]
        purpose: String,
        #[arg(long)]
        json: bool,
    },
    /// Disable a user: sessions end, tokens are revoked, sign-in is refused.
    Disable { username: String },
    /// Enable a disabled user.
    Enable { username: String },
    /// Set a new password (generated and printed once without --password); sessions end.
    ResetPassword {
        username: String,
        #[arg(long, env = "TUPHAP_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Grant a role.
    Grant { username: String, role: String },
    /// Take a role away.
    Revoke { username: String, role: String },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user (printed once).
    Create {
        username: String,
        #[arg(long, default_value = "cli")]
        name: String,
        /// read or write.
        #[arg(long, default_value = "read")]
        scope: String,
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
    /// Revoke a token by id.
    Revoke { id: i64 },
    /// List a user's tokens.
    List { username: String },
}

#[derive(Subcommand)]
pub enum HolidayCommand {
    /// Mark a day off (or, with --work, a working day such as a make-up Saturday).
    Add {
        /// YYYY-MM-DD or DD/MM/YYYY.
        date: String,
        name: String,
        #[arg(long)]
        work: bool,
    },
    /// Remove an override (the pre-filled rule applies again).
    Remove { date: String },
    /// Days off of a year other than weekends (pre-filled and overrides).
    List {
        #[arg(long)]
        year: Option<i32>,
    },
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    List,
    Set {
        category: String,
        days: i64,
        #[arg(long, default_value = "")]
        basis: String,
    },
}

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// The end of a period counted by the Civil Code's rules (Điều 147–148 BLDS 2015).
    Deadline {
        /// The day of the event (not counted).
        #[arg(long)]
        from: String,
        #[arg(long, conflicts_with_all = ["weeks", "months", "years", "now"])]
        days: Option<u32>,
        #[arg(long)]
        weeks: Option<u32>,
        #[arg(long)]
        months: Option<u32>,
        #[arg(long)]
        years: Option<u32>,
        /// "Ngay" — at once.
        #[arg(long)]
        now: bool,
        /// Count working days (ngày làm việc) instead of calendar days.
        #[arg(long)]
        working: bool,
        #[arg(long)]
        json: bool,
    },
    /// Days off of a year other than weekends.
    Holidays { year: i32 },
    /// Is a day a working day?
    Day { date: String },
}

impl From<PlatformError> for Failure {
    fn from(e: PlatformError) -> Failure {
        let code = match e {
            PlatformError::UnknownUnit(_)
            | PlatformError::UnknownUser(_)
            | PlatformError::Invalid(_)
            | PlatformError::Duplicate(_) => 2,
            _ => 1,
        };
        Failure { code, message: e.to_string() }
    }
}

fn usage(message: String) -> Failure {
    Failure { code: 2, message }
}

fn date(s: &str) -> Result<Date, Failure> {
    Date::parse_iso(s)
        .or_else(|| Date::parse_dmy(s))
        .ok_or_else(|| usage(format!("“{s}” is not a date (YYYY-MM-DD or DD/MM/YYYY)")))
}

fn role(s: &str) -> Result<Role, Failure> {
    Role::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        usage(format!("unknown role “{s}” ({})", all.join(", ")))
    })
}

fn time(secs: i64) -> String {
    let d = Date::from_days(secs.div_euclid(86400));
    let r = secs.rem_euclid(86400);
    format!("{d} {:02}:{:02} UTC", r / 3600, r % 3600 / 60)
}

/// `tuphap admin …`
pub async fn admin(db: Db, command: &AdminCommand) -> Result<u8, Failure> {
    let p = Platform::open(db).await?;
    let cli = Principal::system_cli();
    match command {
        AdminCommand::Unit { command } => match command {
            UnitCommand::Add { code, name, parent } => {
                let u = p.add_unit(&cli, code, name, parent).await?;
                println!("đã thêm / added {} {}", u.code, u.name);
            }
            UnitCommand::List { parent, json } => {
                let units = p.units().await?;
                let parent_id = match parent {
                    Some(c) => Some(p.unit_by_code(c).await?.id),
                    None => None,
                };
                let codes: std::collections::HashMap<i64, String> =
                    units.iter().map(|u| (u.id, u.code.clone())).collect();
                let shown: Vec<_> = units.iter().filter(|u| parent_id.is_none() || u.parent_id == parent_id).collect();
                if *json {
                    println!("{}", serde_json::json!({ "units": shown }));
                } else {
                    for u in &shown {
                        let parent = u.parent_id.and_then(|i| codes.get(&i)).map(String::as_str).unwrap_or("-");
                        let state = match u.merged_into.and_then(|i| codes.get(&i)) {
                            Some(into) => format!("  [đã sáp nhập vào / merged into {into}]"),
                            None => String::new(),
                        };
                        println!("{:<10} {:<11} {:<6} {}{state}", u.code, u.level.as_str(), parent, u.name);
                    }
                    println!("{} đơn vị / units", shown.len());
                }
            }
            UnitCommand::Move { code, to } => {
                p.move_unit(&cli, code, to).await?;
                println!("đã chuyển / moved {code} → {to}");
            }
            UnitCommand::Merge { code, into } => {
                p.merge_unit(&cli, code, into).await?;
                println!("đã sáp nhập / merged {code} → {into}");
            }
            UnitCommand::Rename { code, name } => {
                let u = p.rename_unit(&cli, code, name).await?;
                println!("đã đổi tên / renamed {} {}", u.code, u.name);
            }
            UnitCommand::History { code } => {
                for e in p.unit_history(code).await? {
                    let other = [e.from_parent, e.to_parent, e.other_unit]
                        .iter()
                        .map(|x| x.map(|i| i.to_string()).unwrap_or_else(|| "-".into()))
                        .collect::<Vec<_>>()
                        .join(" ");
                    println!("{}  {:<12} {other}  {}", time(e.at), e.event, e.actor);
                }
            }
        },
        AdminCommand::User { command } => match command {
            UserCommand::Add { username, name, unit, roles, password } => {
                let roles = roles.iter().map(|r| role(r)).collect::<Result<Vec<_>, _>>()?;
                let (pw, generated) = match password {
                    Some(pw) => (pw.clone(), false),
                    None => (platform::users::generate_password()?, true),
                };
                let u = p.add_user(&cli, username, name, unit.as_deref(), &roles, &pw).await?;
                println!("đã tạo / created {} ({})", u.username, u.unit_code.as_deref().unwrap_or("-"));
                if generated {
                    println!("mật khẩu / password (shown once): {pw}");
                }
            }
            UserCommand::List { unit, purpose, json } => {
                let users = p.list_users(&cli, unit.as_deref(), purpose).await?;
                if *json {
                    println!("{}", serde_json::json!({ "users": users }));
                } else {
                    for u in &users {
                        let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                        let off = if u.disabled { "  [vô hiệu / disabled]" } else { "" };
                        println!(
                            "{:<20} {:<10} {:<40} {}{off}",
                            u.username,
                            u.unit_code.as_deref().unwrap_or("-"),
                            roles.join(","),
                            u.display_name
                        );
                    }
                    println!("{} người dùng / users", users.len());
                }
            }
            UserCommand::Disable { username } => {
                p.disable_user(&cli, username).await?;
                println!("đã vô hiệu hóa / disabled {username}");
            }
            UserCommand::Enable { username } => {
                p.enable_user(&cli, username).await?;
                println!("đã kích hoạt / enabled {username}");
            }
            UserCommand::ResetPassword { username, password } => {
                let pw = p.reset_password(&cli, username, password.as_deref()).await?;
                if password.is_none() {
                    println!("mật khẩu mới / new password (shown once): {pw}");
                } else {
                    println!("đã đặt lại mật khẩu / password reset for {username}");
                }
            }
            UserCommand::Grant { username, role: r } => {
                let u = p.grant(&cli, username, role(r)?).await?;
                let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                println!("{}: {}", u.username, roles.join(", "));
            }
            UserCommand::Revoke { username, role: r } => {
                let u = p.revoke_role(&cli, username, role(r)?).await?;
                let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                println!("{}: {}", u.username, roles.join(", "));
            }
        },
        AdminCommand::Token { command } => match command {
            TokenCommand::Create { username, name, scope, days } => {
                let scope = Scope::parse(scope).ok_or_else(|| usage(format!("--scope: “{scope}” (read, write)")))?;
                let t = p.create_token(&cli, username, name, scope, *days).await?;
                println!("token {} ({}, until {}), shown once:", t.id, t.scope.as_str(), time(t.expires_at));
                println!("{}", t.token);
            }
            TokenCommand::Revoke { id } => {
                p.revoke_token(&cli, *id).await?;
                println!("đã thu hồi / revoked token {id}");
            }
            TokenCommand::List { username } => {
                let u = p.user(username).await?;
                for t in p.tokens_of(&cli, u.id).await? {
                    let state = match t.revoked_at {
                        Some(at) => format!("revoked {}", time(at)),
                        None => format!("until {}", time(t.expires_at)),
                    };
                    println!("{:>5} {:<6} {:<20} {state}", t.id, t.scope.as_str(), t.name);
                }
            }
        },
        AdminCommand::Holiday { command } => match command {
            HolidayCommand::Add { date: d, name, work } => {
                let kind = if *work { OverrideKind::Work } else { OverrideKind::Off };
                let o = p.set_override(&cli, Override { day: date(d)?, kind, name: name.clone() }).await?;
                println!("{} {} {}", o.day, o.kind.as_str(), o.name);
            }
            HolidayCommand::Remove { date: d } => {
                let removed = p.remove_override(&cli, date(d)?).await?;
                println!("{}", if removed { "đã xóa / removed" } else { "không có / no such override" });
            }
            HolidayCommand::List { year } => {
                let year = year.unwrap_or(p.clock().today().year);
                print_holidays(&p, year).await?;
                for o in p.overrides().await?.iter().filter(|o| o.day.year == year && o.kind == OverrideKind::Work) {
                    println!("{}  ngày làm việc / working day  {}", o.day, o.name);
                }
            }
        },
        AdminCommand::Retention { command } => match command {
            RetentionCommand::List => {
                for r in p.retention_rules().await? {
                    println!("{:<22} {:>6} ngày/days  {}", r.category, r.days, r.basis);
                }
            }
            RetentionCommand::Set { category, days, basis } => {
                let r = p.set_retention(&cli, category, *days, basis).await?;
                println!("{} {} days", r.category, r.days);
            }
        },
        AdminCommand::Purge => {
            for (c, n) in p.purge_expired(&cli).await? {
                println!("{c:<22} {n} deleted");
            }
        }
    }
    Ok(0)
}

async fn print_holidays(p: &Platform, year: i32) -> Result<(), Failure> {
    for h in p.calendar().await?.holidays(year) {
        let src = match h.source {
            platform::calendar::HolidaySource::Statute => "luật / statute",
            platform::calendar::HolidaySource::Compensation => "nghỉ bù / in lieu",
            platform::calendar::HolidaySource::Override => "quyết định / decision",
        };
        println!("{}  {:<22} {}", h.date, src, h.name);
    }
    Ok(())
}

/// `tuphap calendar …`
pub async fn calendar(db: Db, command: &CalendarCommand) -> Result<u8, Failure> {
    let p = Platform::open(db).await?;
    match command {
        CalendarCommand::Deadline { from, days, weeks, months, years, now, working, json } => {
            let period = match (days, weeks, months, years, now) {
                (Some(n), None, None, None, false) => Period::Days(*n),
                (None, Some(n), None, None, false) => Period::Weeks(*n),
                (None, None, Some(n), None, false) => Period::Months(*n),
                (None, None, None, Some(n), false) => Period::Years(*n),
                (None, None, None, None, true) => Period::Immediately,
                _ => return Err(usage("give one of --days, --weeks, --months, --years, --now".into())),
            };
            let counting = if *working { Counting::WorkingDays } else { Counting::CalendarDays };
            let cal = p.calendar().await?;
            let d = cal.deadline(date(from)?, period, counting)?;
            if *json {
                println!("{}", serde_json::json!(d));
            } else {
                println!("hạn cuối / deadline: hết ngày {} (24:00)", d.ends);
                if let Some(m) = d.moved_from {
                    let why = cal.rest_reason(m).unwrap_or_default();
                    println!("ngày cuối {m} là ngày nghỉ ({why}) → ngày làm việc tiếp theo");
                }
                println!("căn cứ / rules: {}", d.rules.join("; "));
            }
        }
        CalendarCommand::Holidays { year } => print_holidays(&p, *year).await?,
        CalendarCommand::Day { date: d } => {
            let d = date(d)?;
            match p.calendar().await?.rest_reason(d) {
                None => println!("{d}: ngày làm việc / working day"),
                Some(why) => println!("{d}: ngày nghỉ / rest day — {why}"),
            }
        }
    }
    Ok(0)
}
