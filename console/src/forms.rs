//! Form helpers of the console: canned replies grouped for the composer's select.

use shared::api::CannedReply;

/// Canned replies grouped by category, categories in order of first appearance.
pub fn group_canned(replies: &[CannedReply]) -> Vec<(String, Vec<CannedReply>)> {
    let mut groups: Vec<(String, Vec<CannedReply>)> = Vec::new();
    for r in replies {
        match groups.iter_mut().find(|(c, _)| *c == r.category) {
            Some((_, list)) => list.push(r.clone()),
            None => groups.push((r.category.clone(), vec![r.clone()])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canned_replies_group_by_category_in_order() {
        let groups = group_canned(&shared::support::default_canned_replies());
        let names: Vec<_> = groups.iter().map(|(c, l)| (c.as_str(), l.len())).collect();
        assert_eq!(names, [("general", 2), ("apology", 6)]);
        assert_eq!(groups[0].1[1].id, "wrap-up");
    }
}
