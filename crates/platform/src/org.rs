//! The organisation (tổ chức): the national department (Cục Quản lý thi hành án dân sự) → 34 provincial
//! offices (Thi hành án dân sự tỉnh, thành phố) → 355 regional offices (Phòng Thi hành án dân sự khu vực).
//!
//! Units are never deleted. A move changes a unit's parent; a merge makes a unit inactive, points it at
//! the unit it was merged into and moves its sub-units and users there. Both are kept in
//! `unit_history` and in the audit chain. The 34 provincial units are those of DOMAIN.md §8 (since
//! 2025); the regional offices carry generated names (`generated_name = 1`) until the real ones are
//! loaded (the 355 are spread 11 per province for the first 15 provinces in the list, 10 for the rest).

use crate::policy::{Action, Principal, Target, UnitId};
use crate::{Platform, PlatformError, Result, audit};
use serde::Serialize;
use store::audit::Actor;

/// Cấp — the level of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Cấp trung ương — the national department.
    National,
    /// Cấp tỉnh — a provincial office.
    Provincial,
    /// Cấp khu vực — a regional office.
    Regional,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::Regional => "regional",
        }
    }

    fn parse(s: &str) -> Level {
        match s {
            "national" => Level::National,
            "provincial" => Level::Provincial,
            _ => Level::Regional,
        }
    }

    fn below(self) -> Option<Level> {
        match self {
            Level::National => Some(Level::Provincial),
            Level::Provincial => Some(Level::Regional),
            Level::Regional => None,
        }
    }
}

/// Đơn vị — an office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_id: Option<UnitId>,
    pub active: bool,
    pub merged_into: Option<UnitId>,
    /// The name was generated at seeding, not loaded from an official list.
    pub generated_name: bool,
}

/// One event in a unit's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitEvent {
    pub at: i64,
    /// `created`, `moved`, `merged_into`, `absorbed`.
    pub event: String,
    pub from_parent: Option<UnitId>,
    pub to_parent: Option<UnitId>,
    pub other_unit: Option<UnitId>,
    pub actor: String,
}

/// The national department's code.
pub const NATIONAL_CODE: &str = "TW";
/// Number of regional offices seeded.
pub const REGIONAL_TOTAL: usize = 355;

/// The 34 provincial units (DOMAIN.md §8): (is a city under central authority, name).
pub const PROVINCES: [(bool, &str); 34] = [
    (true, "Hà Nội"),
    (true, "Hải Phòng"),
    (true, "Huế"),
    (true, "Đà Nẵng"),
    (true, "Hồ Chí Minh"),
    (true, "Cần Thơ"),
    (false, "Lai Châu"),
    (false, "Điện Biên"),
    (false, "Sơn La"),
    (false, "Lạng Sơn"),
    (false, "Quảng Ninh"),
    (false, "Thanh Hóa"),
    (false, "Nghệ An"),
    (false, "Hà Tĩnh"),
    (false, "Cao Bằng"),
    (false, "Tuyên Quang"),
    (false, "Lào Cai"),
    (false, "Thái Nguyên"),
    (false, "Phú Thọ"),
    (false, "Bắc Ninh"),
    (false, "Hưng Yên"),
    (false, "Ninh Bình"),
    (false, "Quảng Trị"),
    (false, "Quảng Ngãi"),
    (false, "Gia Lai"),
    (false, "Khánh Hòa"),
    (false, "Lâm Đồng"),
    (false, "Đắk Lắk"),
    (false, "Đồng Nai"),
    (false, "Tây Ninh"),
    (false, "Vĩnh Long"),
    (false, "Đồng Tháp"),
    (false, "Cà Mau"),
    (false, "An Giang"),
];

/// The seed: (code, name, level, parent code, generated name), parents first.
pub fn seed() -> Vec<(String, String, Level, Option<String>, bool)> {
    let mut out = vec![(
        NATIONAL_CODE.to_string(),
        "Cục Quản lý thi hành án dân sự (Bộ Tư pháp)".to_string(),
        Level::National,
        None,
        false,
    )];
    let base = REGIONAL_TOTAL / PROVINCES.len();
    let extra = REGIONAL_TOTAL % PROVINCES.len();
    for (i, (city, name)) in PROVINCES.iter().enumerate() {
        let code = format!("T{:02}", i + 1);
        let kind = if *city { "thành phố" } else { "tỉnh" };
        out.push((
            code.clone(),
            format!("Thi hành án dân sự {kind} {name}"),
            Level::Provincial,
            Some(NATIONAL_CODE.into()),
            false,
        ));
        let n = base + usize::from(i < extra);
        for k in 1..=n {
            out.push((
                format!("{code}-KV{k:02}"),
                format!("Phòng Thi hành án dân sự khu vực {k} — {name}"),
                Level::Regional,
                Some(code.clone()),
                true,
            ));
        }
    }
    out
}

/// at, event, from_parent, to_parent, other_unit, actor
type EventRow = (i64, String, Option<i64>, Option<i64>, Option<i64>, String);
type UnitRow = (i64, String, String, String, Option<i64>, i64, Option<i64>, i64);
const UNIT_COLS: &str = "id, code, name, level, parent_id, active, merged_into, generated_name";

fn unit_of(r: UnitRow) -> Unit {
    Unit {
        id: r.0,
        code: r.1,
        name: r.2,
        level: Level::parse(&r.3),
        parent_id: r.4,
        active: r.5 != 0,
        merged_into: r.6,
        generated_name: r.7 != 0,
    }
}

/// Refuse unless the policy allows.
pub(crate) fn authorize(p: &Principal, action: Action, target: Target<'_>) -> Result<()> {
    match crate::policy::allows(p, action, target) {
        crate::Decision::Allow => Ok(()),
        crate::Decision::Deny(crate::policy::Denial::NotSignedIn) => Err(PlatformError::Unauthenticated),
        crate::Decision::Deny(why) => Err(PlatformError::Forbidden(format!("{why:?}"))),
    }
}

impl Platform {
    pub(crate) async fn seed_units_if_empty(&self, actor: &Actor) -> Result<()> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units").fetch_one(self.db.pool()).await?;
        if n > 0 {
            return Ok(());
        }
        let seed = seed();
        let now = self.now();
        let mut tx = self.db.pool().begin().await?;
        let mut ids: std::collections::HashMap<String, i64> = Default::default();
        for (code, name, level, parent, generated) in &seed {
            let parent_id = parent.as_ref().and_then(|p| ids.get(p).copied());
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO units (code, name, level, parent_id, active, generated_name, created_at) VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id",
            )
            .bind(code)
            .bind(name)
            .bind(level.as_str())
            .bind(parent_id)
            .bind(i64::from(*generated))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            ids.insert(code.clone(), id);
        }
        audit::record::<(), _>(&mut tx, actor, "org.seed", "units", None, Some(&seed)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every unit, in id order.
    pub async fn units(&self) -> Result<Vec<Unit>> {
        let rows: Vec<UnitRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {UNIT_COLS} FROM units ORDER BY id")))
                .fetch_all(self.db.pool())
                .await?;
        Ok(rows.into_iter().map(unit_of).collect())
    }

    /// The units `p` may read, in id order.
    pub async fn units_visible_to(&self, p: &Principal) -> Result<Vec<Unit>> {
        let all = self.units().await?;
        let paths = paths_of(&all);
        Ok(all
            .into_iter()
            .filter(|u| {
                let path = paths.get(&u.id).cloned().unwrap_or_default();
                crate::policy::allows(p, Action::ReadUnits, Target::Unit(&path)).is_allowed()
            })
            .collect())
    }

    pub async fn unit_by_code(&self, code: &str) -> Result<Unit> {
        let row: Option<UnitRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {UNIT_COLS} FROM units WHERE code = $1")))
                .bind(code.trim())
                .fetch_optional(self.db.pool())
                .await?;
        row.map(unit_of).ok_or_else(|| PlatformError::UnknownUnit(code.to_string()))
    }

    pub async fn unit_by_id(&self, id: UnitId) -> Result<Unit> {
        let row: Option<UnitRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {UNIT_COLS} FROM units WHERE id = $1")))
                .bind(id)
                .fetch_optional(self.db.pool())
                .await?;
        row.map(unit_of).ok_or_else(|| PlatformError::UnknownUnit(id.to_string()))
    }

    /// A unit and its ancestors, from the national department down to it.
    pub async fn unit_path(&self, id: UnitId) -> Result<Vec<UnitId>> {
        let mut path = vec![id];
        let mut current = id;
        // The tree has three levels; the bound only guards against a cycle written by hand.
        for _ in 0..16 {
            let parent: Option<(Option<i64>,)> = sqlx::query_as("SELECT parent_id FROM units WHERE id = $1")
                .bind(current)
                .fetch_optional(self.db.pool())
                .await?;
            match parent {
                None => return Err(PlatformError::UnknownUnit(id.to_string())),
                Some((None,)) => break,
                Some((Some(p),)) => {
                    path.push(p);
                    current = p;
                }
            }
        }
        path.reverse();
        Ok(path)
    }

    /// Add a unit under `parent_code` (one level below it).
    pub async fn add_unit(&self, p: &Principal, code: &str, name: &str, parent_code: &str) -> Result<Unit> {
        let code = code.trim();
        if code.is_empty() || code.len() > 32 || name.trim().is_empty() || name.len() > 300 {
            return Err(PlatformError::Invalid("unit code (≤ 32) and name (≤ 300) are required".into()));
        }
        let parent = self.unit_by_code(parent_code).await?;
        let path = self.unit_path(parent.id).await?;
        authorize(p, Action::ManageUnits, Target::Unit(&path))?;
        let level = parent
            .level
            .below()
            .ok_or_else(|| PlatformError::Invalid("a regional office has no units below it".into()))?;
        if self.unit_by_code(code).await.is_ok() {
            return Err(PlatformError::Duplicate(format!("unit {code}")));
        }
        let now = self.now();
        let mut tx = self.db.pool().begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO units (code, name, level, parent_id, active, generated_name, created_at) VALUES ($1, $2, $3, $4, 1, 0, $5) RETURNING id",
        )
        .bind(code)
        .bind(name.trim())
        .bind(level.as_str())
        .bind(parent.id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        history(&mut tx, id, now, "created", None, Some(parent.id), None, &p.actor()).await?;
        let unit = Unit {
            id,
            code: code.into(),
            name: name.trim().into(),
            level,
            parent_id: Some(parent.id),
            active: true,
            merged_into: None,
            generated_name: false,
        };
        audit::record::<(), _>(&mut tx, &p.actor(), "org.unit.add", &format!("unit:{code}"), None, Some(&unit)).await?;
        tx.commit().await?;
        Ok(unit)
    }

    /// Rename a unit (e.g. to load the official name of a regional office).
    pub async fn rename_unit(&self, p: &Principal, code: &str, name: &str) -> Result<Unit> {
        let before = self.unit_by_code(code).await?;
        let path = self.unit_path(before.id).await?;
        authorize(p, Action::ManageUnits, Target::Unit(&path))?;
        if name.trim().is_empty() || name.len() > 300 {
            return Err(PlatformError::Invalid("a name (≤ 300) is required".into()));
        }
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE units SET name = $1, generated_name = 0 WHERE id = $2")
            .bind(name.trim())
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        let after = Unit { name: name.trim().into(), generated_name: false, ..before.clone() };
        history(&mut tx, before.id, self.now(), "renamed", None, None, None, &p.actor()).await?;
        audit::record(&mut tx, &p.actor(), "org.unit.rename", &format!("unit:{code}"), Some(&before), Some(&after))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Move a unit under another parent (of the level above it). The policy must allow managing both
    /// the unit where it is and where it goes.
    pub async fn move_unit(&self, p: &Principal, code: &str, new_parent_code: &str) -> Result<Unit> {
        let before = self.unit_by_code(code).await?;
        let parent = self.unit_by_code(new_parent_code).await?;
        authorize(p, Action::ManageUnits, Target::Unit(&self.unit_path(before.id).await?))?;
        authorize(p, Action::ManageUnits, Target::Unit(&self.unit_path(parent.id).await?))?;
        if parent.level.below() != Some(before.level) {
            return Err(PlatformError::Invalid(format!(
                "a {} unit goes under a unit one level above it",
                before.level.as_str()
            )));
        }
        if !before.active || !parent.active {
            return Err(PlatformError::Invalid("merged units do not move".into()));
        }
        let now = self.now();
        let mut tx = self.db.pool().begin().await?;
        sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
            .bind(parent.id)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        history(&mut tx, before.id, now, "moved", before.parent_id, Some(parent.id), None, &p.actor()).await?;
        let after = Unit { parent_id: Some(parent.id), ..before.clone() };
        audit::record(&mut tx, &p.actor(), "org.unit.move", &format!("unit:{code}"), Some(&before), Some(&after))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Merge `code` into `into_code` (same level): the unit becomes inactive and points at the other;
    /// its sub-units and users move there. Returns the merged (now inactive) unit.
    pub async fn merge_unit(&self, p: &Principal, code: &str, into_code: &str) -> Result<Unit> {
        let before = self.unit_by_code(code).await?;
        let into = self.unit_by_code(into_code).await?;
        authorize(p, Action::ManageUnits, Target::Unit(&self.unit_path(before.id).await?))?;
        authorize(p, Action::ManageUnits, Target::Unit(&self.unit_path(into.id).await?))?;
        if before.id == into.id || before.level != into.level || !before.active || !into.active {
            return Err(PlatformError::Invalid("merge two different active units of the same level".into()));
        }
        let now = self.now();
        let actor = p.actor();
        let mut tx = self.db.pool().begin().await?;
        let children: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM units WHERE parent_id = $1").bind(before.id).fetch_all(&mut *tx).await?;
        for (child,) in &children {
            sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2")
                .bind(into.id)
                .bind(child)
                .execute(&mut *tx)
                .await?;
            history(&mut tx, *child, now, "moved", Some(before.id), Some(into.id), None, &actor).await?;
        }
        let moved_users = sqlx::query("UPDATE users SET unit_id = $1 WHERE unit_id = $2")
            .bind(into.id)
            .bind(before.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("UPDATE units SET active = 0, merged_into = $1 WHERE id = $2")
            .bind(into.id)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        history(&mut tx, before.id, now, "merged_into", None, None, Some(into.id), &actor).await?;
        history(&mut tx, into.id, now, "absorbed", None, None, Some(before.id), &actor).await?;
        let after = Unit { active: false, merged_into: Some(into.id), ..before.clone() };
        let what = serde_json::json!({ "unit": after, "sub_units_moved": children.len(), "users_moved": moved_users });
        audit::record(
            &mut tx,
            &actor,
            "org.unit.merge",
            &format!("unit:{code}→{into_code}"),
            Some(&before),
            Some(&what),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A unit's history, oldest first.
    pub async fn unit_history(&self, code: &str) -> Result<Vec<UnitEvent>> {
        let unit = self.unit_by_code(code).await?;
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT at, event, from_parent, to_parent, other_unit, actor FROM unit_history WHERE unit_id = $1 ORDER BY id",
        )
        .bind(unit.id)
        .fetch_all(self.db.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| UnitEvent { at: r.0, event: r.1, from_parent: r.2, to_parent: r.3, other_unit: r.4, actor: r.5 })
            .collect())
    }
}

/// Paths (national → unit) of every unit, computed in memory from one list.
pub fn paths_of(units: &[Unit]) -> std::collections::HashMap<UnitId, Vec<UnitId>> {
    let parents: std::collections::HashMap<UnitId, Option<UnitId>> =
        units.iter().map(|u| (u.id, u.parent_id)).collect();
    units
        .iter()
        .map(|u| {
            let mut path = vec![u.id];
            let mut cur = u.parent_id;
            while let Some(p) = cur {
                if path.len() > 16 || path.contains(&p) {
                    break;
                }
                path.push(p);
                cur = parents.get(&p).copied().flatten();
            }
            path.reverse();
            (u.id, path)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn history(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    unit: UnitId,
    at: i64,
    event: &str,
    from_parent: Option<UnitId>,
    to_parent: Option<UnitId>,
    other: Option<UnitId>,
    actor: &Actor,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO unit_history (unit_id, at, event, from_parent, to_parent, other_unit, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(unit)
    .bind(at)
    .bind(event)
    .bind(from_parent)
    .bind(to_parent)
    .bind(other)
    .bind(&actor.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn seed_shape() {
        let s = super::seed();
        assert_eq!(s.len(), 1 + 34 + 355);
        assert_eq!(s.iter().filter(|u| u.2 == super::Level::Provincial).count(), 34);
        assert_eq!(s.iter().filter(|u| u.2 == super::Level::Regional).count(), 355);
        assert!(s.iter().any(|u| u.1 == "Thi hành án dân sự thành phố Hà Nội"));
        assert!(s.iter().any(|u| u.1 == "Thi hành án dân sự tỉnh An Giang"));
    }
}
