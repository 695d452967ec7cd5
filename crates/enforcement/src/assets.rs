//! Tài sản kê biên — seized assets from seizure to sale or return.
//!
//! An asset is registered when seized (kê biên, tạm giữ: 2008 Điều 87–88, 2025 Điều 78), valued
//! (2008 Điều 98; 2025 Điều 82), kept in custody — in the office's warehouse or by a keeper (bảo quản,
//! 2008 Điều 58 khoản 1; 2025 Điều 56) — and either sold at auction (2008 Điều 101; 2025 Điều 84), its price
//! booked as a receipt of the case ([`crate::money::ledger`], bucket `asset:ID`, so that khoản 3 Điều 47 /
//! Điều 54 gives it to the claim it secures), or returned (2008 Điều 126; 2025 Điều 59). Every change is an
//! event with who, when, from where and to where; photos and scans are stored in the database.

use lex::Date;
use platform::policy::{Action, Principal};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::case::lock;
use crate::money::distribute::Pledgee;
use crate::money::ledger::bucket_of;
use crate::{Enforcement, EnforcementError, Result};

/// Largest photo or scan accepted.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Media types accepted for files.
pub const MEDIA_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

/// Where an asset is kept.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Custody {
    /// Kho của cơ quan thi hành án.
    Warehouse { place: String },
    /// Giao cho người bảo quản.
    Keeper { keeper: String, place: String },
}

impl Custody {
    fn parts(&self) -> (&'static str, &str, Option<&str>) {
        match self {
            Custody::Warehouse { place } => ("warehouse", place, None),
            Custody::Keeper { keeper, place } => ("keeper", place, Some(keeper)),
        }
    }

    fn describe(&self) -> String {
        match self {
            Custody::Warehouse { place } => format!("Kho: {place}"),
            Custody::Keeper { keeper, place } => format!("{keeper} — {place}"),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewAsset {
    /// `bất động sản`, `phương tiện`, `động sản`, `giấy tờ có giá` …
    pub kind: String,
    pub description: String,
    #[serde(default)]
    pub valuation: Option<i64>,
    pub custody: Custody,
    /// The obligation this asset secures (pledge, mortgage, or seized by the judgment for it).
    #[serde(default)]
    pub secures_obligation: Option<i64>,
    /// A pledgee or mortgagee who is not a creditor in the case.
    #[serde(default)]
    pub pledgee: Option<Pledgee>,
    /// The day of the seizure (default today): never a day off or a holiday.
    #[serde(default)]
    pub on: Option<Date>,
    /// The time the seizure began, `HH:MM`: never 22:00–06:00 ([`crate::coercion`]).
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What can happen to a registered asset.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum AssetAction {
    /// Định giá / định giá lại.
    Value { amount: i64, on: Option<Date>, note: Option<String> },
    /// Chuyển nơi bảo quản, đổi người bảo quản.
    Move { custody: Custody, on: Option<Date>, note: Option<String> },
    /// Chuyển giao cho tổ chức đấu giá.
    Auction { on: Option<Date>, note: Option<String> },
    /// Bán xong: the price is booked as a receipt of the case.
    Sell { price: i64, buyer: String, on: Option<Date>, idempotency_key: Option<String> },
    /// Trả lại tài sản.
    Return { to: String, on: Option<Date>, note: Option<String> },
}

impl AssetAction {
    fn name(&self) -> &'static str {
        match self {
            AssetAction::Value { .. } => "value",
            AssetAction::Move { .. } => "move",
            AssetAction::Auction { .. } => "auction",
            AssetAction::Sell { .. } => "sell",
            AssetAction::Return { .. } => "return",
        }
    }
}

pub fn action_vi(action: &str) -> &'static str {
    match action {
        "seize" => "Kê biên, tạm giữ",
        "value" => "Định giá",
        "move" => "Chuyển nơi bảo quản",
        "auction" => "Chuyển giao bán đấu giá",
        "sell" => "Bán tài sản",
        "return" => "Trả lại tài sản",
        "file" => "Thêm ảnh, tài liệu",
        _ => "Khác",
    }
}

pub fn state_vi(state: &str) -> &'static str {
    match state {
        "seized" => "Đang kê biên, bảo quản",
        "auction" => "Đang bán đấu giá",
        "sold" => "Đã bán",
        "returned" => "Đã trả lại",
        _ => "Khác",
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub description: String,
    pub state: String,
    pub state_vi: &'static str,
    pub valuation: Option<i64>,
    pub valued_on: Option<String>,
    pub custody: String,
    pub custody_place: String,
    pub keeper: Option<String>,
    pub secures_obligation: Option<i64>,
    pub pledgee: Option<String>,
    pub pledgee_owed: Option<i64>,
    pub sale_price: Option<i64>,
    pub sale_txn: Option<i64>,
    pub version: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssetEvent {
    pub id: i64,
    pub at: i64,
    pub on: String,
    /// Time of day (`HH:MM`), recorded for a seizure.
    pub time: Option<String>,
    pub action: String,
    pub action_vi: &'static str,
    pub from_place: Option<String>,
    pub to_place: Option<String>,
    pub amount: Option<i64>,
    pub actor: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssetFile {
    pub id: i64,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
}

/// An asset with its custody chain and files.
#[derive(Clone, Debug, Serialize)]
pub struct AssetRecord {
    pub asset: Asset,
    pub events: Vec<AssetEvent>,
    pub files: Vec<AssetFile>,
}

const ASSET_SELECT: &str = "SELECT id, case_id, kind, description, state, valuation, valued_on, custody, custody_place, keeper, secures_obligation, pledgee, pledgee_owed, sale_price, sale_txn, version FROM enf_assets";

/// Cleaned (NFC, confusables, spaces) and bounded text.
fn text(what: &str, s: &str, max: usize) -> Result<String> {
    crate::case::bounded(what, &lex::normalize::clean_line(s), max)
}

fn note_of(n: &Option<String>) -> Result<Option<String>> {
    match n.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(Some(text("note", s, 2000)?)),
        None => Ok(None),
    }
}

impl Enforcement {
    /// Kê biên — register a seized asset.
    pub async fn seize(&self, p: &Principal, case_id: i64, n: &NewAsset) -> Result<AssetRecord> {
        let c = self.case_for(p, case_id, Action::WriteCases).await?;
        let kind = text("kind", &n.kind, 100)?;
        let description = text("description", &n.description, 4000)?;
        let (custody, place, keeper) = n.custody.parts();
        let place = text("custody.place", place, 500)?;
        let keeper = keeper.map(|k| text("custody.keeper", k, 300)).transpose()?;
        if n.valuation.is_some_and(|v| v <= 0) {
            return Err(EnforcementError::Invalid("valuation: whole đồng > 0".into()));
        }
        if let Some(ob) = n.secures_obligation {
            let ok: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM enf_obligations WHERE id = $1 AND case_id = $2 AND kind = 'pay_money'")
                    .bind(ob)
                    .bind(case_id)
                    .fetch_optional(self.db().pool())
                    .await?;
            if ok.is_none() {
                return Err(EnforcementError::Invalid(format!(
                    "secures_obligation: no money obligation {ob} in this case"
                )));
            }
        }
        let pledgee = match &n.pledgee {
            Some(pl) if pl.owed < 0 => return Err(EnforcementError::Invalid("pledgee.owed: ≥ 0".into())),
            Some(pl) => Some((text("pledgee.name", &pl.name, 300)?, pl.owed)),
            None => None,
        };
        let note = note_of(&n.note)?;
        let on = n.on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(EnforcementError::Invalid(format!("on: {on} is after today")));
        }
        let minute = match n.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Some(
                crate::coercion::minute_of_day(t)
                    .ok_or_else(|| EnforcementError::Invalid(format!("time: “{t}”, expected HH:MM")))?,
            ),
            None => None,
        };
        // Kê biên is a coercion measure: khoản 2 Điều 46 (2008) / khoản 5 Điều 72 (2025).
        let cal = self.platform.calendar().await?;
        if let Some(why) = crate::coercion::refusal(&cal, on, minute) {
            return Err(EnforcementError::Invalid(format!("on/time: {why}")));
        }
        let time = minute.map(|m| format!("{:02}:{:02}", m / 60, m % 60));
        let now = self.now();
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let (id,): (i64,) = sqlx::query_as("INSERT INTO enf_assets (case_id, unit_id, kind, description, state, valuation, valued_on, custody, custody_place, keeper, secures_obligation, pledgee, pledgee_owed, version, created_at, updated_at) VALUES ($1, $2, $3, $4, 'seized', $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13) RETURNING id")
            .bind(case_id)
            .bind(c.unit_id)
            .bind(&kind)
            .bind(&description)
            .bind(n.valuation)
            .bind(n.valuation.map(|_| on.to_string()))
            .bind(custody)
            .bind(&place)
            .bind(keeper.as_deref())
            .bind(n.secures_obligation)
            .bind(pledgee.as_ref().map(|x| x.0.clone()))
            .bind(pledgee.as_ref().map(|x| x.1))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        self.asset_event(&mut tx, p, id, on, "seize", None, Some(&n.custody.describe()), n.valuation, note.as_deref())
            .await?;
        if let Some(t) = &time {
            sqlx::query("UPDATE enf_asset_events SET at_time = $1 WHERE asset_id = $2 AND action = 'seize'")
                .bind(t)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.asset.seize",
            &format!("asset:{id}"),
            None::<&()>,
            Some(n),
        )
        .await?;
        tx.commit().await?;
        self.asset_record(id).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn asset_event(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        p: &Principal,
        asset: i64,
        on: Date,
        action: &str,
        from: Option<&str>,
        to: Option<&str>,
        amount: Option<i64>,
        note: Option<&str>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO enf_asset_events (asset_id, at, on_date, action, from_place, to_place, amount, actor, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(asset)
            .bind(self.now())
            .bind(on.to_string())
            .bind(action)
            .bind(from)
            .bind(to)
            .bind(amount)
            .bind(&p.actor().0)
            .bind(note)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Act on an asset. `expected_version`, when given, must match (else a conflict).
    pub async fn asset_act(
        &self,
        p: &Principal,
        id: i64,
        a: &AssetAction,
        expected_version: Option<i64>,
    ) -> Result<AssetRecord> {
        let before = self.asset_row(id).await?;
        let c = self.case_for(p, before.case_id, Action::WriteCases).await?;
        if expected_version.is_some_and(|v| v != before.version) {
            return Err(EnforcementError::Conflict(format!("asset {id}: version {}", before.version)));
        }
        let allowed = matches!(
            (a, before.state.as_str()),
            (AssetAction::Value { .. } | AssetAction::Move { .. } | AssetAction::Auction { .. }, "seized")
                | (AssetAction::Value { .. } | AssetAction::Move { .. } | AssetAction::Sell { .. }, "auction")
                | (AssetAction::Return { .. }, "seized" | "auction")
        );
        if !allowed {
            return Err(EnforcementError::Invalid(format!(
                "{}: not possible while the asset is “{}”",
                a.name(),
                state_vi(&before.state)
            )));
        }
        let today = self.today();
        let from_place = format!(
            "{}{}",
            before.keeper.as_deref().map(|k| format!("{k} — ")).unwrap_or_default(),
            before.custody_place
        );
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let bump = |sql: &'static str| sqlx::query(sql);
        match a {
            AssetAction::Value { amount, on, note } => {
                if *amount <= 0 {
                    return Err(EnforcementError::Invalid("amount: whole đồng > 0".into()));
                }
                let on = on.unwrap_or(today);
                bump("UPDATE enf_assets SET valuation = $1, valued_on = $2, version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5")
                    .bind(*amount).bind(on.to_string()).bind(self.now()).bind(id).bind(before.version)
                    .execute(&mut *tx).await?;
                self.asset_event(&mut tx, p, id, on, "value", None, None, Some(*amount), note_of(note)?.as_deref())
                    .await?;
            }
            AssetAction::Move { custody, on, note } => {
                let (kind, place, keeper) = custody.parts();
                let place = text("custody.place", place, 500)?;
                let keeper = keeper.map(|k| text("custody.keeper", k, 300)).transpose()?;
                bump("UPDATE enf_assets SET custody = $1, custody_place = $2, keeper = $3, version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6")
                    .bind(kind).bind(&place).bind(keeper.as_deref()).bind(self.now()).bind(id).bind(before.version)
                    .execute(&mut *tx).await?;
                self.asset_event(
                    &mut tx,
                    p,
                    id,
                    on.unwrap_or(today),
                    "move",
                    Some(&from_place),
                    Some(&custody.describe()),
                    None,
                    note_of(note)?.as_deref(),
                )
                .await?;
            }
            AssetAction::Auction { on, note } => {
                bump("UPDATE enf_assets SET state = 'auction', version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3")
                    .bind(self.now()).bind(id).bind(before.version)
                    .execute(&mut *tx).await?;
                self.asset_event(
                    &mut tx,
                    p,
                    id,
                    on.unwrap_or(today),
                    "auction",
                    Some(&from_place),
                    None,
                    before.valuation,
                    note_of(note)?.as_deref(),
                )
                .await?;
            }
            AssetAction::Sell { price, buyer, on, idempotency_key } => {
                if *price <= 0 {
                    return Err(EnforcementError::Invalid("price: whole đồng > 0".into()));
                }
                let buyer = text("buyer", buyer, 300)?;
                let on = on.unwrap_or(today);
                let bucket = bucket_of(None, Some(id));
                let memo =
                    format!("Tiền bán tài sản #{id}: {}", before.description.chars().take(100).collect::<String>());
                let txn = self
                    .receipt_in(
                        &mut tx,
                        p,
                        &c,
                        *price,
                        on,
                        &bucket,
                        idempotency_key.as_deref(),
                        Some(&buyer),
                        &memo,
                        serde_json::json!({"asset": id}),
                    )
                    .await?;
                bump("UPDATE enf_assets SET state = 'sold', sale_price = $1, sale_txn = $2, version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5")
                    .bind(*price).bind(txn).bind(self.now()).bind(id).bind(before.version)
                    .execute(&mut *tx).await?;
                self.asset_event(&mut tx, p, id, on, "sell", Some(&from_place), Some(&buyer), Some(*price), None)
                    .await?;
            }
            AssetAction::Return { to, on, note } => {
                let to = text("to", to, 300)?;
                bump("UPDATE enf_assets SET state = 'returned', version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3")
                    .bind(self.now()).bind(id).bind(before.version)
                    .execute(&mut *tx).await?;
                self.asset_event(
                    &mut tx,
                    p,
                    id,
                    on.unwrap_or(today),
                    "return",
                    Some(&from_place),
                    Some(&to),
                    None,
                    note_of(note)?.as_deref(),
                )
                .await?;
            }
        }
        let (v,): (i64,) =
            sqlx::query_as("SELECT version FROM enf_assets WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        if v != before.version + 1 {
            return Err(EnforcementError::Conflict(format!("asset {id} changed meanwhile")));
        }
        platform::audit::record(
            &mut tx,
            &p.actor(),
            &format!("enforcement.asset.{}", a.name()),
            &format!("asset:{id}"),
            Some(&before),
            Some(a),
        )
        .await?;
        tx.commit().await?;
        self.asset_record(id).await
    }

    /// Add a photo or scan.
    pub async fn attach_asset_file(
        &self,
        p: &Principal,
        id: i64,
        name: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<AssetFile> {
        let a = self.asset_row(id).await?;
        self.case_for(p, a.case_id, Action::WriteCases).await?;
        if bytes.is_empty() || bytes.len() > MAX_FILE_BYTES {
            return Err(EnforcementError::Invalid(format!("file: 1 byte … {MAX_FILE_BYTES} bytes")));
        }
        if !MEDIA_TYPES.contains(&media_type) {
            return Err(EnforcementError::Invalid(format!(
                "file: {media_type} is not one of {}",
                MEDIA_TYPES.join(", ")
            )));
        }
        let name = text("name", name, 200)?;
        let sha = store::audit::sha256_hex(bytes);
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let (fid,): (i64,) = sqlx::query_as("INSERT INTO enf_asset_files (asset_id, name, media_type, sha256, bytes, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(id)
            .bind(&name)
            .bind(media_type)
            .bind(&sha)
            .bind(bytes.to_vec())
            .bind(&p.actor().0)
            .bind(self.now())
            .fetch_one(&mut *tx)
            .await?;
        self.asset_event(&mut tx, p, id, self.today(), "file", None, None, None, Some(&name)).await?;
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.asset.file",
            &format!("asset:{id}"),
            None::<&()>,
            Some(&(&name, &sha)),
        )
        .await?;
        tx.commit().await?;
        Ok(AssetFile { id: fid, name, media_type: media_type.to_string(), sha256: sha })
    }

    /// A stored file: (name, media type, bytes).
    pub async fn asset_file(&self, p: &Principal, file_id: i64) -> Result<(String, String, Vec<u8>)> {
        let row: Option<(i64, String, String, Vec<u8>)> =
            sqlx::query_as("SELECT asset_id, name, media_type, bytes FROM enf_asset_files WHERE id = $1")
                .bind(file_id)
                .fetch_optional(self.db().pool())
                .await?;
        let (asset, name, media_type, bytes) =
            row.ok_or_else(|| EnforcementError::NotFound(format!("file {file_id}")))?;
        let a = self.asset_row(asset).await?;
        self.case_for(p, a.case_id, Action::ReadCases).await?;
        Ok((name, media_type, bytes))
    }

    /// An asset with its custody chain.
    pub async fn asset(&self, p: &Principal, id: i64) -> Result<AssetRecord> {
        let a = self.asset_row(id).await?;
        self.case_for(p, a.case_id, Action::ReadCases).await?;
        self.asset_record(id).await
    }

    /// The assets of a case.
    pub async fn case_assets(&self, p: &Principal, case_id: i64) -> Result<Vec<Asset>> {
        self.case_for(p, case_id, Action::ReadCases).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{ASSET_SELECT} WHERE case_id = $1 ORDER BY id")))
            .bind(case_id)
            .fetch_all(self.db().pool())
            .await?;
        rows.iter().map(asset_of).collect()
    }

    async fn asset_row(&self, id: i64) -> Result<Asset> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{ASSET_SELECT} WHERE id = $1")))
            .bind(id)
            .fetch_optional(self.db().pool())
            .await?
            .ok_or_else(|| EnforcementError::NotFound(format!("asset {id}")))?;
        asset_of(&row)
    }

    async fn asset_record(&self, id: i64) -> Result<AssetRecord> {
        let asset = self.asset_row(id).await?;
        let rows = sqlx::query("SELECT id, at, on_date, at_time, action, from_place, to_place, amount, actor, note FROM enf_asset_events WHERE asset_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(self.db().pool())
            .await?;
        let events = rows
            .iter()
            .map(|r| {
                let action: String = r.try_get("action")?;
                Ok(AssetEvent {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    on: r.try_get("on_date")?,
                    time: r.try_get("at_time")?,
                    action_vi: action_vi(&action),
                    action,
                    from_place: r.try_get("from_place")?,
                    to_place: r.try_get("to_place")?,
                    amount: r.try_get("amount")?,
                    actor: r.try_get("actor")?,
                    note: r.try_get("note")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let files: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, name, media_type, sha256 FROM enf_asset_files WHERE asset_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(self.db().pool())
                .await?;
        Ok(AssetRecord {
            asset,
            events,
            files: files
                .into_iter()
                .map(|(id, name, media_type, sha256)| AssetFile { id, name, media_type, sha256 })
                .collect(),
        })
    }
}

fn asset_of(r: &sqlx::any::AnyRow) -> Result<Asset> {
    let state: String = r.try_get("state")?;
    Ok(Asset {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        kind: r.try_get("kind")?,
        description: r.try_get("description")?,
        state_vi: state_vi(&state),
        state,
        valuation: r.try_get("valuation")?,
        valued_on: r.try_get("valued_on")?,
        custody: r.try_get("custody")?,
        custody_place: r.try_get("custody_place")?,
        keeper: r.try_get("keeper")?,
        secures_obligation: r.try_get("secures_obligation")?,
        pledgee: r.try_get("pledgee")?,
        pledgee_owed: r.try_get("pledgee_owed")?,
        sale_price: r.try_get("sale_price")?,
        sale_txn: r.try_get("sale_txn")?,
        version: r.try_get("version")?,
    })
}
