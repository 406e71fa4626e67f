//! The demo catalog: V's Layover with its music videos, BTS, IU and Palette, each fact with its sources.

use model::Bundle;

/// The demo bundle shipped in the binary.
pub fn bundle() -> Bundle {
    serde_json::from_str(include_str!("../demo/bundle.json"))
        .expect("the demo bundle is valid JSON for model::Bundle")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use model::{AliasKind, Artist, Bundle, MusicVideo, Release, Slug, TrackRole, VideoState};
    use serde_json::Value;

    use super::bundle;

    fn artist<'a>(bundle: &'a Bundle, slug: &str) -> &'a Artist {
        bundle
            .artists
            .iter()
            .find(|a| a.slug.as_str() == slug)
            .unwrap_or_else(|| panic!("no artist {slug}"))
    }

    fn release<'a>(bundle: &'a Bundle, slug: &str) -> &'a Release {
        bundle
            .releases
            .iter()
            .find(|r| r.slug.as_str() == slug)
            .unwrap_or_else(|| panic!("no release {slug}"))
    }

    fn video<'a>(bundle: &'a Bundle, slug: &str) -> &'a MusicVideo {
        bundle
            .videos
            .iter()
            .find(|v| v.slug.as_str() == slug)
            .unwrap_or_else(|| panic!("no video {slug}"))
    }

    #[test]
    fn demo_bundle_validates() {
        let bundle = bundle();
        bundle.validate().unwrap();
        assert!(!bundle.is_empty());
    }

    #[test]
    fn demo_bundle_file_is_canonical() {
        let written = serde_json::to_string_pretty(&bundle()).unwrap();
        assert_eq!(
            written,
            include_str!("../demo/bundle.json").trim_end(),
            "demo/bundle.json is not in the form bside writes (field order, 2-space indent)"
        );
    }

    #[test]
    fn demo_lists_are_sorted_by_slug() {
        fn sorted<T>(name: &str, items: &[T], slug: impl Fn(&T) -> &Slug) {
            for pair in items.windows(2) {
                assert!(
                    slug(&pair[0]) < slug(&pair[1]),
                    "{name}: {} comes before {}",
                    slug(&pair[0]),
                    slug(&pair[1])
                );
            }
        }
        let b = bundle();
        sorted("sources", &b.sources, |x| &x.slug);
        sorted("artists", &b.artists, |x| &x.slug);
        sorted("releases", &b.releases, |x| &x.slug);
        sorted("videos", &b.videos, |x| &x.slug);
        sorted("shows", &b.shows, |x| &x.slug);
        sorted("appearances", &b.appearances, |x| &x.slug);
        sorted("accounts", &b.accounts, |x| &x.slug);
    }

    #[test]
    fn demo_v_has_his_names_and_is_in_bts() {
        let b = bundle();
        let v = artist(&b, "v");
        assert_eq!(v.name, "V");
        assert_eq!(v.country.as_deref(), Some("KR"));
        let has = |name: &str, kind: AliasKind, locale: Option<&str>| {
            v.aliases
                .iter()
                .any(|a| a.name == name && a.kind == kind && a.locale.as_deref() == locale)
        };
        assert!(has("Kim Taehyung", AliasKind::LegalName, None));
        assert!(has("Kim Tae-hyung", AliasKind::Romanization, None));
        assert!(has("뷔", AliasKind::NativeName, Some("ko")));
        assert!(has("김태형", AliasKind::NativeName, Some("ko")));
        assert!(has("Tae Bear", AliasKind::Nickname, None));
        assert!(has("TaeTae", AliasKind::Nickname, None));
        assert!(v.memberships.iter().any(|m| m.group.as_str() == "bts"));
    }

    #[test]
    fn demo_bts_has_its_seven_members() {
        let b = bundle();
        let members: Vec<&str> = b
            .artists
            .iter()
            .filter(|a| a.memberships.iter().any(|m| m.group.as_str() == "bts"))
            .map(|a| a.name.as_str())
            .collect();
        let mut expected = ["RM", "Jin", "Suga", "J-Hope", "Jimin", "V", "Jungkook"];
        expected.sort_unstable();
        let mut found = members.clone();
        found.sort_unstable();
        assert_eq!(found, expected);
        let suga = artist(&b, "suga");
        assert!(
            suga.aliases
                .iter()
                .any(|a| a.name == "Agust D" && a.kind == AliasKind::StageName)
        );
    }

    #[test]
    fn demo_layover_tracklist_has_roles_and_the_piano_version() {
        let b = bundle();
        let layover = release(&b, "layover");
        let released = layover.released.as_ref().unwrap();
        assert_eq!(released.date.to_string(), "2023-09-08");
        assert_eq!(released.utc.unwrap().to_string(), "2023-09-08T04:00:00Z");
        assert_eq!(released.zone.as_deref(), Some("Asia/Seoul"));
        assert_eq!(layover.label.as_deref(), Some("Big Hit Music"));
        assert_eq!(
            layover
                .credits
                .iter()
                .map(|c| c.artist.as_str())
                .collect::<Vec<_>>(),
            ["v"]
        );
        let expected = [
            (1, "Rainy Days", TrackRole::PreReleaseSingle),
            (2, "Blue", TrackRole::BSide),
            (3, "Love Me Again", TrackRole::PreReleaseSingle),
            (4, "Slow Dancing", TrackRole::Title),
            (5, "For Us", TrackRole::BSide),
            (6, "Slow Dancing (Piano Ver.)", TrackRole::Bonus),
        ];
        assert_eq!(layover.tracks.len(), expected.len());
        for (track, (number, title, role)) in layover.tracks.iter().zip(expected) {
            assert_eq!(
                (track.disc, track.number, track.title.as_str(), track.role),
                (1, number, title, Some(role))
            );
        }
        let piano = &layover.tracks[5];
        let of = piano.version_of.as_ref().unwrap();
        assert!(of.release.is_none() || of.release.as_ref() == Some(&layover.slug));
        assert_eq!((of.disc, of.number), (1, 4));
        assert_eq!(piano.version_label.as_deref(), Some("Piano Ver."));
        for track in &layover.tracks[..5] {
            assert!(track.version_of.is_none() && track.version_label.is_none());
        }
    }

    #[test]
    fn demo_for_us_premieres_at_midnight_kst() {
        let b = bundle();
        let premiere = video(&b, "layover-for-us-mv").premiere().unwrap();
        assert_eq!(premiere.utc.unwrap().to_string(), "2023-09-15T15:00:00Z");
        assert_eq!(premiere.zone.as_deref(), Some("Asia/Seoul"));
        assert_eq!(premiere.date.to_string(), "2023-09-16");
    }

    #[test]
    fn demo_blue_is_scheduled_and_black_and_white() {
        let b = bundle();
        let blue = video(&b, "layover-blue-mv");
        let scheduled = blue.scheduled().unwrap();
        assert_eq!(scheduled.utc.unwrap().to_string(), "2023-09-12T15:00:00Z");
        assert_eq!(scheduled.zone.as_deref(), Some("Asia/Seoul"));
        assert_eq!(scheduled.date.to_string(), "2023-09-13");
        assert_eq!(blue.state(), VideoState::Released);
        assert!(blue.attributes.iter().any(|a| a == "black_and_white"));
    }

    #[test]
    fn demo_video_states_and_dates() {
        let b = bundle();
        assert_eq!(
            video(&b, "layover-slow-dancing-piano-ver-mv").state(),
            VideoState::NonePlanned
        );
        let love_me_again = video(&b, "layover-love-me-again-mv").released().unwrap();
        assert_eq!(love_me_again.date.to_string(), "2023-08-10");
        assert_eq!(love_me_again.utc, None);
        let rainy_days = video(&b, "layover-rainy-days-mv").released().unwrap();
        assert_eq!(rainy_days.utc.unwrap().to_string(), "2023-08-11T04:00:00Z");
        let slow_dancing = video(&b, "layover-slow-dancing-mv").released().unwrap();
        assert_eq!(
            slow_dancing.utc.unwrap().to_string(),
            "2023-09-08T04:00:00Z"
        );
    }

    /// Every citation object (`{"source": …}`) anywhere below `value`.
    fn cited(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(source)) = map.get("source") {
                    out.push(source.clone());
                }
                map.values().for_each(|v| cited(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| cited(v, out)),
            _ => {}
        }
    }

    #[test]
    fn demo_citations_name_known_sources_and_every_source_is_cited() {
        let b = bundle();
        let known: HashSet<&str> = b.sources.iter().map(|s| s.slug.as_str()).collect();
        let mut citations = Vec::new();
        let facts = [
            serde_json::to_value(&b.artists).unwrap(),
            serde_json::to_value(&b.releases).unwrap(),
            serde_json::to_value(&b.videos).unwrap(),
            serde_json::to_value(&b.shows).unwrap(),
            serde_json::to_value(&b.appearances).unwrap(),
            serde_json::to_value(&b.accounts).unwrap(),
        ];
        for value in &facts {
            cited(value, &mut citations);
        }
        assert!(!citations.is_empty());
        for source in &citations {
            assert!(known.contains(source.as_str()), "{source} is not a source");
        }
        for source in &known {
            assert!(
                citations.iter().any(|c| c == source),
                "source {source} is never cited"
            );
        }
    }

    #[test]
    fn demo_artist_references_exist() {
        let b = bundle();
        let known: HashSet<&Slug> = b.artists.iter().map(|a| &a.slug).collect();
        let mut referenced: Vec<(&str, &Slug)> = Vec::new();
        for artist in &b.artists {
            for membership in &artist.memberships {
                referenced.push(("membership", &membership.group));
            }
        }
        for release in &b.releases {
            for credit in &release.credits {
                referenced.push(("credit", &credit.artist));
            }
        }
        for show in &b.shows {
            referenced.extend(show.hosts.iter().map(|s| ("host", s)));
        }
        for appearance in &b.appearances {
            referenced.extend(appearance.guests.iter().map(|s| ("guest", s)));
            assert!(
                b.shows.iter().any(|s| s.slug == appearance.show),
                "appearance {} names unknown show {}",
                appearance.slug,
                appearance.show
            );
        }
        for video in &b.videos {
            referenced.extend(video.artists.iter().map(|s| ("video artist", s)));
        }
        for account in &b.accounts {
            referenced.push(("account artist", &account.artist));
        }
        assert!(!referenced.is_empty());
        for (what, slug) in referenced {
            assert!(known.contains(slug), "{what} {slug} is not an artist");
        }
        let palette = b
            .shows
            .iter()
            .find(|s| s.slug.as_str() == "palette")
            .unwrap();
        assert_eq!(palette.hosts, [Slug::parse("iu").unwrap()]);
        let palette_v = b
            .appearances
            .iter()
            .find(|a| a.slug.as_str() == "palette-v")
            .unwrap();
        assert_eq!(palette_v.guests, [Slug::parse("v").unwrap()]);
        let thv = b
            .accounts
            .iter()
            .find(|a| a.slug.as_str() == "thv-instagram")
            .unwrap();
        assert_eq!(
            (
                thv.artist.as_str(),
                thv.handle.as_deref().unwrap_or_default()
            ),
            ("v", "thv")
        );
        assert_eq!(
            thv.public_since.as_ref().unwrap().date.to_string(),
            "2021-12-06"
        );
    }

    #[test]
    fn demo_video_tracks_exist() {
        let b = bundle();
        for video in &b.videos {
            let track = video
                .track
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no track", video.slug));
            let slug = track.release.as_ref().unwrap();
            let release = b
                .releases
                .iter()
                .find(|r| &r.slug == slug)
                .unwrap_or_else(|| panic!("{}: no release {slug}", video.slug));
            let on = release.track(track.disc, track.number).unwrap_or_else(|| {
                panic!(
                    "{}: {slug} has no track {}-{}",
                    video.slug, track.disc, track.number
                )
            });
            assert_eq!(
                on.title, video.title,
                "{} names the wrong track",
                video.slug
            );
        }
    }
}
