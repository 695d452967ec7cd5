//! Văn bản thi hành án — decisions and notices issued by steps: numbered per office and year
//! (`15/QĐ-THADS`), rendered to HTML from a minijinja template and to a minimal WordprocessingML
//! `.docx`, attached to the case. The record keeps the render context, so the `.docx` is rebuilt
//! byte-for-byte from it on download; the HTML's SHA-256 is stored with the record.

use crate::case::{Case, DocumentInfo, next_number};
use crate::workflow::{DocKind, Effect, Input, ObligationKind};
use crate::{Enforcement, EnforcementError, Result};
use platform::policy::{Action, Principal};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use std::io::Write;

/// The document templates.
pub fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    if let Err(e) = env.add_template("document.html", include_str!("../templates/document.html")) {
        tracing::error!("template document.html: {e}");
    }
    env
}

/// What a document says: the render context, stored with the record.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DocContext {
    pub kind: DocKind,
    pub office_parent: String,
    pub office: String,
    pub number: String,
    pub place_date: String,
    pub title: String,
    pub case_number: String,
    /// Căn cứ … (the provisions applied).
    pub bases: Vec<String>,
    pub body: Vec<String>,
    pub signer: String,
    pub signer_name: String,
}

/// A document as read back.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub info: DocumentInfo,
    pub case_id: i64,
    pub html: String,
    pub context: DocContext,
}

/// `50.000.000` — đồng with dots between thousands.
pub fn money(v: i64) -> String {
    let s = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// An ISO date as Vietnamese write it (`03/12/2026`); anything else as given.
pub(crate) fn dmy(s: &str) -> String {
    match lex::Date::parse_iso(s) {
        Some(d) => format!("{:02}/{:02}/{}", d.day, d.month, d.year),
        None => s.to_string(),
    }
}

/// Render the HTML of a context.
pub fn render_html(env: &minijinja::Environment<'static>, ctx: &DocContext) -> Result<String> {
    env.get_template("document.html")
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(ctx))))
        .map_err(|e| EnforcementError::Document(e.to_string()))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn para(out: &mut String, text: &str, bold: bool, center: bool, italic: bool) {
    out.push_str("<w:p><w:pPr>");
    if center {
        out.push_str("<w:jc w:val=\"center\"/>");
    } else {
        out.push_str("<w:jc w:val=\"both\"/>");
    }
    out.push_str("</w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>");
    if bold {
        out.push_str("<w:b/>");
    }
    if italic {
        out.push_str("<w:i/>");
    }
    out.push_str("<w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">");
    out.push_str(&xml_escape(text));
    out.push_str("</w:t></w:r></w:p>");
}

/// The `.docx` of a context: a minimal valid WordprocessingML package (content types, package
/// relationships, the main document part).
pub fn docx(ctx: &DocContext) -> Result<Vec<u8>> {
    let mut body = String::new();
    para(&mut body, &ctx.office_parent.to_uppercase(), true, true, false);
    para(&mut body, &ctx.office.to_uppercase(), true, true, false);
    para(&mut body, &format!("Số: {}", ctx.number), false, true, false);
    para(&mut body, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, true, false);
    para(&mut body, "Độc lập - Tự do - Hạnh phúc", true, true, false);
    para(&mut body, &ctx.place_date, false, true, true);
    para(&mut body, &ctx.title, true, true, false);
    para(&mut body, &format!("Việc thi hành án số {}", ctx.case_number), false, true, true);
    for b in &ctx.bases {
        para(&mut body, &format!("Căn cứ {b};"), false, false, true);
    }
    for p in &ctx.body {
        para(&mut body, p, false, false, false);
    }
    para(&mut body, &ctx.signer.to_uppercase(), true, true, false);
    para(&mut body, &ctx.signer_name, false, true, false);
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let err = |e: &dyn std::fmt::Display| EnforcementError::Document(format!("docx: {e}"));
    for (name, data) in
        [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document.as_str())]
    {
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(data.as_bytes()).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

fn place_of(province: &str) -> String {
    for prefix in ["Thi hành án dân sự thành phố ", "Thi hành án dân sự tỉnh "] {
        if let Some(rest) = province.strip_prefix(prefix) {
            return rest.to_string();
        }
    }
    "Hà Nội".to_string()
}

impl Enforcement {
    /// Number, render and attach the document a step issues (inside the step's transaction).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn issue_document(
        &self,
        tx: &mut Transaction<'static, Any>,
        case: &Case,
        kind: DocKind,
        event_id: i64,
        effect: &Effect,
        input: &Input,
        unit: &platform::org::Unit,
        parent: Option<&platform::org::Unit>,
    ) -> Result<DocumentInfo> {
        let parent = parent.map(|p| p.name.clone()).unwrap_or_else(|| "Bộ Tư pháp".to_string());
        let province = if unit.level == platform::org::Level::Regional { parent.clone() } else { unit.name.clone() };
        let year = effect.on.year;
        let seq = next_number(tx, case.unit_id, year, "doc").await?;
        let number = format!("{seq}/{}", kind.code());
        let parties: Vec<(String, String)> =
            sqlx::query_as("SELECT role, name FROM enf_parties WHERE case_id = $1 ORDER BY id")
                .bind(case.id)
                .fetch_all(&mut **tx)
                .await?;
        let names = |role: &str| {
            parties.iter().filter(|(r, _)| r == role).map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", ")
        };
        let (debtors, creditors) = (names("debtor"), names("creditor"));
        type ORow = (String, String, i64, i64);
        let obligations: Vec<ORow> = sqlx::query_as(
            "SELECT kind, description, amount, paid FROM enf_obligations WHERE case_id = $1 ORDER BY id",
        )
        .bind(case.id)
        .fetch_all(&mut **tx)
        .await?;
        let law = crate::rules::by_id(effect.selection.set).map(|s| s.title).unwrap_or_default();
        let mut bases = vec![law.to_string()];
        bases.extend(effect.provisions.iter().cloned());
        bases.push(format!(
            "Bản án, quyết định số {} ngày {} của {}",
            case.judgment_number,
            dmy(&case.judgment_date),
            case.court
        ));
        let ground = input.ground.clone().unwrap_or_default();
        let officer = case.officer.as_ref().map(|o| o.display_name.clone());
        let mut body: Vec<String> = vec![];
        let mut signer = "Thủ trưởng cơ quan thi hành án dân sự".to_string();
        match kind {
            DocKind::EnforcementDecision => {
                body.push(format!("Điều 1. Cho thi hành đối với: {debtors}."));
                for (k, d, amount, _) in &obligations {
                    let k = ObligationKind::parse(k).unwrap_or(ObligationKind::DoAct);
                    if k == ObligationKind::PayMoney {
                        body.push(format!("- {}: {} — {} đồng.", k.label_vi(), d, money(*amount)));
                    } else {
                        body.push(format!("- {}: {}.", k.label_vi(), d));
                    }
                }
                if !creditors.is_empty() {
                    body.push(format!("Người được thi hành án: {creditors}."));
                }
                let vol = crate::rules::by_id(effect.selection.set)
                    .and_then(|s| s.rule(crate::rules::RuleId::Voluntary))
                    .map(|r| r.provision.cite())
                    .unwrap_or_default();
                body.push(format!(
                    "Điều 2. Thời hạn tự nguyện thi hành án là 10 ngày, kể từ ngày người phải thi hành án nhận được hoặc được thông báo hợp lệ quyết định này ({vol})."
                ));
                if let Some(o) = &officer {
                    body.push(format!("Điều 3. Giao Chấp hành viên {o} tổ chức thi hành quyết định này."));
                }
            }
            DocKind::Notice => {
                signer = "Chấp hành viên".into();
                body.push(format!(
                    "Cơ quan thi hành án dân sự thông báo quyết định thi hành án đối với việc thi hành án số {} cho: {}{}.",
                    case.number,
                    debtors,
                    if creditors.is_empty() { String::new() } else { format!("; {creditors}") }
                ));
                body.push("Người phải thi hành án có nghĩa vụ tự nguyện thi hành án trong thời hạn 10 ngày, kể từ ngày được thông báo hợp lệ.".into());
            }
            DocKind::CoercionDecision => {
                signer = "Chấp hành viên".into();
                body.push(format!(
                    "Cưỡng chế thi hành án đối với {debtors}: hết thời hạn tự nguyện thi hành án, người phải thi hành án có điều kiện mà không tự nguyện thi hành."
                ));
                if let Some(at) = input.coercion_at {
                    body.push(format!("Thời gian tổ chức cưỡng chế: {}.", at.vi()));
                }
                body.push("Không tổ chức cưỡng chế trong thời gian từ 22 giờ đến 06 giờ sáng ngày hôm sau, các ngày nghỉ, ngày lễ.".into());
            }
            DocKind::NoMeansDecision => {
                body.push(format!(
                    "Xác định người phải thi hành án {debtors} chưa có điều kiện thi hành án. Căn cứ: {ground}."
                ));
                body.push(format!(
                    "Chấp hành viên xác minh điều kiện thi hành án ít nhất {} một lần.",
                    if effect.next.long_interval { "01 năm" } else { "06 tháng" }
                ));
                body.push("Thông tin về người phải thi hành án chưa có điều kiện thi hành được đăng tải trên trang thông tin điện tử về thi hành án dân sự và gửi Ủy ban nhân dân cấp xã nơi xác minh để niêm yết.".into());
            }
            DocKind::VerificationNotice => {
                body.push(format!(
                    "Thông báo cho người được thi hành án {creditors}: sau hai lần xác minh, người phải thi hành án {debtors} vẫn chưa có điều kiện thi hành án. Việc xác minh lại được tiến hành khi có thông tin mới về điều kiện thi hành án."
                ));
            }
            DocKind::ReturnNotice => {
                body.push(format!(
                    "Hết thời hạn 02 năm kể từ ngày có quyết định về việc chưa có điều kiện thi hành án mà không có thông tin mới, cơ quan thi hành án dân sự gửi lại yêu cầu thi hành án cho {creditors}. Đương sự có quyền yêu cầu thi hành án trở lại khi người phải thi hành án có điều kiện thi hành."
                ));
            }
            DocKind::PostponementDecision => {
                body.push(format!(
                    "Hoãn thi hành án đối với việc thi hành án số {}. Căn cứ hoãn: {ground}.",
                    case.number
                ));
                if let Some(u) = input.until {
                    body.push(format!("Thời hạn hoãn đến hết ngày {:02}/{:02}/{}.", u.day, u.month, u.year));
                }
            }
            DocKind::SuspensionDecision => {
                body.push(format!(
                    "Tạm đình chỉ thi hành án đối với việc thi hành án số {}. Căn cứ: {ground}.",
                    case.number
                ));
            }
            DocKind::ResumptionDecision => {
                body.push(format!("Tiếp tục thi hành án đối với việc thi hành án số {}.", case.number));
            }
            DocKind::TerminationDecision => {
                body.push(format!(
                    "Đình chỉ thi hành án đối với việc thi hành án số {}. Căn cứ đình chỉ: {ground}.",
                    case.number
                ));
            }
            DocKind::CompletionConfirmation => {
                body.push(format!(
                    "Xác nhận người phải thi hành án {debtors} đã thực hiện xong nghĩa vụ theo bản án, quyết định số {}.",
                    case.judgment_number
                ));
                if case.total_money > 0 {
                    body.push(format!(
                        "Số tiền đã thi hành: {} / {} đồng.",
                        money(case.paid_money),
                        money(case.total_money)
                    ));
                }
            }
        }
        if let Some(d) = &effect.due {
            body.push(format!(
                "Thời hạn tiếp theo: đến hết ngày {:02}/{:02}/{} ({}).",
                d.ends.day, d.ends.month, d.ends.year, d.citation
            ));
        }
        let ctx = DocContext {
            kind,
            office_parent: parent,
            office: unit.name.clone(),
            number: number.clone(),
            place_date: format!(
                "{}, ngày {:02} tháng {:02} năm {}",
                place_of(&province),
                effect.on.day,
                effect.on.month,
                effect.on.year
            ),
            title: kind.title_vi().to_string(),
            case_number: case.number.clone(),
            bases,
            body,
            signer: signer.clone(),
            signer_name: if signer == "Chấp hành viên" { officer.unwrap_or_default() } else { String::new() },
        };
        let html = render_html(&self.templates, &ctx)?;
        let sha = store::audit::sha256_hex(html.as_bytes());
        let (id,): (i64,) = sqlx::query_as("INSERT INTO enf_documents (case_id, event_id, unit_id, year, seq, number, kind, title, issued_on, context, html, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
            .bind(case.id)
            .bind(event_id)
            .bind(case.unit_id)
            .bind(year as i64)
            .bind(seq)
            .bind(&number)
            .bind(kind.as_str())
            .bind(kind.title_vi())
            .bind(effect.on.to_string())
            .bind(serde_json::to_string(&ctx).map_err(|e| EnforcementError::Document(e.to_string()))?)
            .bind(&html)
            .bind(&sha)
            .bind(self.now())
            .fetch_one(&mut **tx)
            .await?;
        Ok(DocumentInfo {
            id,
            number,
            kind: kind.as_str().into(),
            title: kind.title_vi().into(),
            issued_on: effect.on.to_string(),
            sha256: sha,
        })
    }

    /// A document of a case file (reading it is reading the case).
    pub async fn document(&self, p: &Principal, id: i64) -> Result<Document> {
        type Row = (i64, i64, String, String, String, String, String, String, String);
        let row: Option<Row> = sqlx::query_as("SELECT id, case_id, number, kind, title, issued_on, sha256, context, html FROM enf_documents WHERE id = $1")
            .bind(id)
            .fetch_optional(self.db().pool())
            .await?;
        let r = row.ok_or_else(|| EnforcementError::NotFound(format!("document {id}")))?;
        let case = self.case(p, r.1).await?;
        self.authorize_unit(p, Action::ReadPersonalData, case.unit_id).await?;
        let context: DocContext = serde_json::from_str(&r.7).map_err(|e| EnforcementError::Document(e.to_string()))?;
        Ok(Document {
            info: DocumentInfo { id: r.0, number: r.2, kind: r.3, title: r.4, issued_on: r.5, sha256: r.6 },
            case_id: r.1,
            html: r.8,
            context,
        })
    }

    /// The `.docx` of a document: (file name, bytes).
    pub async fn document_docx(&self, p: &Principal, id: i64) -> Result<(String, Vec<u8>)> {
        let d = self.document(p, id).await?;
        let name = format!("{}-{}.docx", d.info.kind, d.info.number.replace('/', "-"));
        Ok((name, docx(&d.context)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> DocContext {
        DocContext {
            kind: DocKind::EnforcementDecision,
            office_parent: "Thi hành án dân sự thành phố Hà Nội".into(),
            office: "Phòng Thi hành án dân sự khu vực 1 — Hà Nội".into(),
            number: "7/QĐ-THADS".into(),
            place_date: "Hà Nội, ngày 12 tháng 03 năm 2026".into(),
            title: "QUYẾT ĐỊNH THI HÀNH ÁN".into(),
            case_number: "3/2026/T01-KV01".into(),
            bases: vec!["khoản 1 Điều 36 Luật Thi hành án dân sự 26/2008/QH12".into()],
            body: vec!["Điều 1. Cho thi hành đối với: Nguyễn Văn A <&>.".into()],
            signer: "Thủ trưởng cơ quan thi hành án dân sự".into(),
            signer_name: String::new(),
        }
    }

    #[test]
    fn money_has_thousands_dots() {
        assert_eq!(money(50_000_000), "50.000.000");
        assert_eq!(money(999), "999");
        assert_eq!(money(1_000), "1.000");
        assert_eq!(money(-1_234_567), "-1.234.567");
    }

    #[test]
    fn html_is_escaped_and_cites_its_bases() {
        let html = render_html(&environment(), &ctx()).unwrap().replace("&#x2f;", "/");
        assert!(html.contains("Căn cứ khoản 1 Điều 36"));
        assert!(html.contains("&lt;&amp;&gt;"));
        assert!(html.contains("Số: 7/QĐ-THADS"));
    }

    #[test]
    fn docx_is_a_valid_package_that_reads_back() {
        let bytes = docx(&ctx()).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        for name in ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] {
            assert!(z.by_name(name).is_ok(), "{name}");
        }
        // The project's own Word reader reads it back.
        let d = lex::parse::docx::read(&bytes).unwrap();
        let text = d.paragraphs.join("\n");
        assert!(text.contains("QUYẾT ĐỊNH THI HÀNH ÁN"), "{text}");
        assert!(text.contains("Nguyễn Văn A <&>"), "{text}");
        // Deterministic: the same context gives the same bytes.
        assert_eq!(docx(&ctx()).unwrap(), bytes);
    }
}
