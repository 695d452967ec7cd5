//! Interface strings: Vietnamese first, English second (`?lang=en`).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn from_query(q: Option<&str>) -> Lang {
        if q == Some("en") { Lang::En } else { Lang::Vi }
    }
}

/// All labels a page uses, in one language.
pub fn labels(lang: Lang) -> serde_json::Value {
    let pairs: &[(&str, &str, &str)] = &[
        ("app", "Thư viện pháp luật", "Legal library"),
        (
            "tagline",
            "Văn bản quy phạm pháp luật và hiệu lực theo thời gian",
            "Legal documents and their force over time",
        ),
        ("search", "Tìm văn bản", "Find documents"),
        (
            "search_placeholder",
            "Số hiệu hoặc tên, ví dụ: 91/2015/QH13, dân sự",
            "Number or title, e.g. 91/2015/QH13, civil",
        ),
        ("search_articles", "Tìm kiếm điều khoản", "Search provisions"),
        ("search_words", "Từ khóa, số hiệu hoặc câu hỏi", "Words, number or question"),
        (
            "search_articles_placeholder",
            "ví dụ: thoi han tu nguyen thi hanh an · nd 62/2015 · BLDS thời hiệu",
            "e.g. thoi han tu nguyen thi hanh an · nd 62/2015 · BLDS thời hiệu",
        ),
        ("search_go", "Tìm", "Search"),
        ("results", "kết quả", "results"),
        ("no_results", "Không tìm thấy kết quả.", "No results."),
        ("facets", "Bộ lọc", "Facets"),
        ("named_documents", "Văn bản được nêu", "Documents named"),
        (
            "search_help",
            "Gõ có dấu hoặc không dấu, số hiệu (nd 62/2015), chữ viết tắt (BLDS, THADS) hoặc cả câu hỏi. Điều khoản còn hiệu lực vào ngày đã chọn được xếp trước.",
            "Type with or without diacritics, a number (nd 62/2015), an abbreviation (BLDS, THADS) or a whole question. Provisions in force on the chosen date come first.",
        ),
        ("type", "Loại văn bản", "Type"),
        ("issuer", "Cơ quan ban hành", "Issuer"),
        ("year", "Năm ban hành", "Year"),
        ("status", "Tình trạng hiệu lực", "Status"),
        ("at", "Tại ngày", "On date"),
        ("any", "Tất cả", "Any"),
        ("filter", "Lọc", "Filter"),
        ("number", "Số hiệu", "Number"),
        ("title", "Tên văn bản", "Title"),
        ("issued", "Ngày ban hành", "Issued"),
        ("effective", "Ngày hiệu lực", "In force from"),
        ("signer", "Người ký", "Signed by"),
        ("place", "Nơi ban hành", "Place"),
        ("documents", "văn bản", "documents"),
        ("previous", "Trang trước", "Previous"),
        ("next", "Trang sau", "Next"),
        ("toc", "Mục lục", "Contents"),
        ("metadata", "Thuộc tính", "Properties"),
        ("relations", "Văn bản liên quan", "Related documents"),
        ("sources", "Nguồn văn bản", "Sources"),
        ("events", "Lịch sử hiệu lực", "History of force"),
        (
            "no_text",
            "Thư viện chưa có toàn văn của văn bản này; chỉ có thông tin mô tả.",
            "The library has no text of this document, only its description.",
        ),
        ("not_found", "Không tìm thấy", "Not found"),
        ("closest", "Có phải bạn muốn tìm", "Did you mean"),
        ("back", "Về thư viện", "Back to the library"),
        ("permalink", "Liên kết", "Link"),
        ("mentioned", "chỉ được văn bản khác nhắc đến", "known only from another document"),
        ("lang_switch", "English", "Tiếng Việt"),
        ("status_in_force", "Còn hiệu lực", "In force"),
        ("status_not_yet_in_force", "Chưa có hiệu lực", "Not yet in force"),
        ("status_repealed", "Đã bị bãi bỏ / thay thế", "Repealed / replaced"),
        ("status_expired", "Hết hiệu lực", "Expired"),
        ("status_suspended", "Ngưng hiệu lực", "Suspended"),
        ("rel_based_on", "Căn cứ", "Legal basis"),
        ("rel_basis_for", "Là căn cứ của", "Basis for"),
        ("rel_amends", "Sửa đổi, bổ sung", "Amends"),
        ("rel_amended_by", "Được sửa đổi, bổ sung bởi", "Amended by"),
        ("rel_replaces", "Thay thế / bãi bỏ", "Replaces / repeals"),
        ("rel_replaced_by", "Bị thay thế / bãi bỏ bởi", "Replaced / repealed by"),
        ("rel_guides", "Hướng dẫn", "Guides"),
        ("rel_guided_by", "Được hướng dẫn bởi", "Guided by"),
        ("rel_cites", "Dẫn chiếu", "Cites"),
        ("partial", "một phần", "in part"),
        ("ev_issued", "Ban hành", "Issued"),
        ("ev_effective", "Có hiệu lực", "Entered into force"),
        ("ev_expired", "Hết hiệu lực", "Expired"),
        ("ev_repealed", "Bị bãi bỏ", "Repealed"),
        ("ev_replaced", "Bị thay thế", "Replaced"),
        ("ev_suspended", "Ngưng hiệu lực", "Suspended"),
        ("ev_resumed", "Hiệu lực trở lại", "Resumed"),
        ("ev_amended", "Được sửa đổi, bổ sung", "Amended"),
        ("wording_enacted", "văn bản gốc", "as enacted"),
        ("wording_consolidated", "hợp nhất", "consolidated"),
        ("wording_unknown", "không rõ thời điểm", "date unknown"),
        ("articles", "điều", "articles"),
        ("shown", "đang hiển thị", "shown"),
        ("by", "bởi", "by"),
        ("chg_replaced", "Sửa đổi bởi", "Amended by"),
        ("chg_inserted", "Bổ sung bởi", "Inserted by"),
        ("chg_lead_in", "Đoạn mở đầu sửa đổi bởi", "Lead-in amended by"),
        ("chg_heading", "Tên Điều sửa đổi bởi", "Heading amended by"),
        ("chg_words", "Từ ngữ sửa đổi bởi", "Wording amended by"),
        ("since", "từ ngày", "since"),
        ("history", "Lịch sử", "History"),
        ("whole_text", "← Xem toàn văn", "← Whole text"),
        ("diagram", "Lược đồ", "Relation diagram"),
        ("d_above", "Văn bản sửa đổi, thay thế văn bản này", "Acts that amend or replace it"),
        ("d_below", "Văn bản bị văn bản này sửa đổi, thay thế", "Acts it amends or replaces"),
        ("d_left", "Căn cứ ban hành", "Legal bases"),
        ("d_right", "Hướng dẫn / được hướng dẫn", "Guidance"),
        ("now", "nay", "now"),
        ("original", "Văn bản gốc", "Original text"),
        ("compare", "So sánh", "Compare"),
        ("differences", "khác biệt", "differences"),
        ("no_differences", "Không có khác biệt.", "No differences."),
        ("diff_added", "Bổ sung", "Added"),
        ("diff_removed", "Bỏ", "Removed"),
        ("diff_changed", "Sửa đổi", "Changed"),
        ("diff_moved", "Chuyển số", "Renumbered"),
        ("from", "Từ ngày", "From"),
        ("to", "Đến ngày", "To"),
        (
            "unavailable",
            "Đã thay đổi nhưng thư viện chưa có nội dung mới — nội dung dưới đây có thể không còn đúng. Thay đổi từ ngày",
            "Changed, but the library lacks the new wording — the text below may be out of date. Changed on",
        ),
        (
            "consolidated_note",
            "Nội dung tại ngày đã chọn: văn bản gốc cùng các sửa đổi, bổ sung có hiệu lực đến ngày đó (tuphap tự hợp nhất, không phải văn bản hợp nhất chính thức).",
            "Wording on the chosen date: the original text with the amendments in force by then (consolidated by tuphap, not an official consolidated text).",
        ),
        (
            "pending",
            "Có sửa đổi, bổ sung đã ban hành nhưng chưa có hiệu lực tại ngày này:",
            "Amendments issued but not yet in force on this date:",
        ),
        ("view_on", "xem tại ngày", "view on"),
        ("problems", "Hướng dẫn sửa đổi chưa áp dụng được", "Amendment instructions that could not be applied"),
        ("credit", "Thông tin công báo: congbao.chinhphu.vn", "Gazette data: congbao.chinhphu.vn"),
    ];
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, vi, en)| {
            (k.to_string(), serde_json::Value::String(if lang == Lang::Vi { vi } else { en }.to_string()))
        })
        .collect();
    serde_json::Value::Object(map)
}
