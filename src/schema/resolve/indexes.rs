//! Index and exclusion declarations → the model: the key strings of `indexes:` (ordering,
//! operator class, collation) and the elements of `exclude:`.

use super::*;

/// Parses `updated_at desc nulls last` into a column element; anything that is not a name with
/// ordering words is taken as an expression (`lower(email)`).
pub(super) fn index_element(raw: &str) -> IndexElement {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let lowered: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut descending = false;
    let mut nulls_first = None;
    let mut rest = lowered.as_slice();
    if rest.len() >= 2 && rest[rest.len() - 2] == "nulls" {
        match rest[rest.len() - 1].as_str() {
            "first" => nulls_first = Some(true),
            "last" => nulls_first = Some(false),
            _ => {}
        }
        if nulls_first.is_some() {
            rest = &rest[..rest.len() - 2];
        }
    }
    if let Some(last) = rest.last() {
        if rest.len() >= 2 && (last == "asc" || last == "desc") {
            descending = last == "desc";
            rest = &rest[..rest.len() - 1];
        }
    }
    let mut head = &words[..rest.len()];
    // `name gin_trgm_ops`: an operator class (by PostgreSQL's naming, `..._ops`) ends the key.
    let mut opclass = None;
    if head.len() >= 2 && head[head.len() - 1].to_lowercase().ends_with("_ops") {
        opclass = Some(head[head.len() - 1].to_string());
        head = &head[..head.len() - 1];
    }
    // `name collate "C"`.
    let mut collation = None;
    if head.len() >= 3 && head[head.len() - 2].eq_ignore_ascii_case("collate") {
        collation = Some(head[head.len() - 1].trim_matches('"').to_string());
        head = &head[..head.len() - 2];
    }
    let is_name = head.len() == 1
        && head[0]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    IndexElement {
        key: if is_name {
            IndexKey::Column(head[0].to_string())
        } else {
            IndexKey::Expression(head.join(" "))
        },
        descending,
        nulls_first,
        collation,
        opclass,
    }
}

/// `room_id with =` → (the key, `=`); the key is a column when it is a bare name.
pub(super) fn exclusion_from_spec(
    table: &str,
    spec: &crate::schema::load::ExclusionSpec,
    origin: &Origin,
    diags: &mut Diagnostics,
) -> Option<Exclusion> {
    let mut elements = Vec::new();
    for raw in &spec.elements {
        let lowered = raw.to_lowercase();
        let Some(at) = lowered.rfind(" with ") else {
            diags.error_with_hint(
                origin,
                format!("table {table}, exclude"),
                format!("`{raw}` says no operator"),
                "write each element as `column with operator` (`room_id with =`, `during with &&`)",
            );
            return None;
        };
        let key = raw[..at].trim();
        let operator = raw[at + 6..].trim().to_string();
        let is_name = key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
        let key = if is_name {
            IndexKey::Column(key.to_string())
        } else {
            IndexKey::Expression(key.to_string())
        };
        elements.push((key, operator));
    }
    let name = spec.name.clone().unwrap_or_else(|| {
        let columns: Vec<String> = elements
            .iter()
            .filter_map(|(k, _)| match k {
                IndexKey::Column(c) => Some(c.clone()),
                IndexKey::Expression(_) => None,
            })
            .collect();
        default_name(local_name(table), &columns, "excl")
    });
    Some(Exclusion {
        name,
        method: spec
            .using
            .clone()
            .unwrap_or_else(|| "gist".into())
            .to_lowercase(),
        elements,
        predicate: spec.predicate.clone(),
        origin: origin.clone(),
    })
}

pub(super) fn index_from_spec(
    table: &str,
    spec: &IndexSpec,
    origin: &Origin,
    diags: &mut Diagnostics,
) -> Option<Index> {
    let elements: Vec<IndexElement> = spec.columns.iter().map(|c| index_element(c)).collect();
    let name = match &spec.name {
        Some(n) => n.clone(),
        None => {
            let mut names = Vec::new();
            for e in &elements {
                match &e.key {
                    IndexKey::Column(c) => names.push(c.clone()),
                    IndexKey::Expression(x) => {
                        diags.error_with_hint(
                            origin,
                            format!("table {table}, index"),
                            format!("an index on the expression `{x}` needs a name"),
                            format!("add `name: {}_..._idx`", local_name(table)),
                        );
                        return None;
                    }
                }
            }
            default_name(local_name(table), &names, "idx")
        }
    };
    Some(Index {
        name,
        elements,
        unique: spec.unique,
        // btree is the default: `using: btree` is the same index as no `using:` (as replay
        // and the catalog have it).
        method: spec
            .using
            .as_ref()
            .map(|m| m.to_lowercase())
            .filter(|m| m != "btree"),
        predicate: spec.predicate.clone(),
        concurrently: Hint(spec.concurrently),
        include: spec.include.clone(),
        nulls_not_distinct: spec.nulls_not_distinct,
        origin: origin.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_elements_read_ordering_words() {
        let e = index_element("updated_at desc");
        assert_eq!(e.key, IndexKey::Column("updated_at".into()));
        assert!(e.descending);
        let e = index_element("sent_at DESC NULLS LAST");
        assert!(e.descending);
        assert_eq!(e.nulls_first, Some(false));
        let e = index_element("lower(email)");
        assert_eq!(e.key, IndexKey::Expression("lower(email)".into()));
        let e = index_element("desc");
        assert_eq!(e.key, IndexKey::Column("desc".into()));
        let e = index_element("name gin_trgm_ops");
        assert_eq!(e.key, IndexKey::Column("name".into()));
        assert_eq!(e.opclass.as_deref(), Some("gin_trgm_ops"));
        let e = index_element("lower(email) COLLATE \"C\" text_pattern_ops DESC");
        assert_eq!(e.key, IndexKey::Expression("lower(email)".into()));
        assert_eq!(e.collation.as_deref(), Some("C"));
        assert_eq!(e.opclass.as_deref(), Some("text_pattern_ops"));
        assert!(e.descending);
    }
}
