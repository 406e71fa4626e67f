//! Slugs from MusicBrainz names: romanized and ASCII-folded (`deunicode`), so 東方神起 and ニルヴァーナ
//! get readable slugs too.

use model::Slug;

/// The slug a name asks for, before collisions are resolved: the name folded to ASCII, else the
/// sort name, else `None` (the caller falls back to a kind and an MBID prefix).
pub fn slug_base(name: &str, sort_name: Option<&str>) -> Option<Slug> {
    [Some(name), sort_name]
        .into_iter()
        .flatten()
        .find_map(|text| {
            let folded = deunicode::deunicode_with_tofu(text, "-");
            let slug = Slug::from_name(&folded, "-");
            (slug.as_str() != "-").then_some(slug)
        })
}

#[cfg(test)]
mod tests {
    use super::slug_base;

    #[test]
    fn names_in_any_script_become_ascii_slugs() {
        let base = |name: &str| slug_base(name, None).map(|s| s.as_str().to_owned());
        assert_eq!(base("Nirvana").as_deref(), Some("nirvana"));
        assert_eq!(base("Beyoncé").as_deref(), Some("beyonce"));
        assert_eq!(base("東方神起").as_deref(), Some("dong-fang-shen-qi"));
        assert_eq!(base("시우민").as_deref(), Some("siumin"));
        assert_eq!(base("!!!").as_deref(), None);
        assert_eq!(
            slug_base("!!!", Some("Chk Chk Chk"))
                .map(|s| s.as_str().to_owned())
                .as_deref(),
            Some("chk-chk-chk")
        );
    }
}
