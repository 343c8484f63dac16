//! Identifier formats. Ids are minted at the edge from random bytes and carry a prefix
//! that says what they name (`v_` visitor, `c_` conversation).

/// Prefix of visitor ids.
pub const VISITOR_PREFIX: &str = "v_";
/// Prefix of conversation ids.
pub const CONVERSATION_PREFIX: &str = "c_";

/// Builds an id from a prefix and 16 random bytes (lower-case hex).
pub fn from_random(prefix: &str, bytes: [u8; 16]) -> String {
    let mut s = String::with_capacity(prefix.len() + 32);
    s.push_str(prefix);
    for b in bytes {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    s
}

/// True if `id` has the prefix and 32 lower-case hex digits.
pub fn is_valid(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() == 32
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// A merchant id (slug) is 3..=40 characters of `[a-z0-9-]`.
pub fn is_valid_merchant(id: &str) -> bool {
    (3..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let id = from_random(CONVERSATION_PREFIX, [0xab; 16]);
        assert_eq!(id, format!("c_{}", "ab".repeat(16)));
        assert!(is_valid(CONVERSATION_PREFIX, &id));
        assert!(!is_valid(VISITOR_PREFIX, &id));
        assert!(!is_valid(CONVERSATION_PREFIX, "c_../../etc"));
    }

    #[test]
    fn merchants() {
        assert!(is_valid_merchant("demo-wines"));
        assert!(!is_valid_merchant("Demo"));
        assert!(!is_valid_merchant("ab"));
        assert!(!is_valid_merchant("a/b/c"));
    }
}
