//! Write tokens: stored by hash, found while live, revoked once, named uniquely.

use store::{Store, StoreError, TokenRow};

use crate::harness::story;

story!(tokens_live_until_revoked: sqlite_tokens_live_until_revoked, postgres_tokens_live_until_revoked);
async fn tokens_live_until_revoked(store: Store) {
    store
        .create_token("ci", "hash-of-ci", "2024-01-01T00:00:00Z")
        .await
        .unwrap();
    store
        .create_token("editor", "hash-of-editor", "2024-01-02T00:00:00Z")
        .await
        .unwrap();
    let ci = TokenRow {
        name: "ci".to_owned(),
        hash: "hash-of-ci".to_owned(),
        created_at: "2024-01-01T00:00:00Z".to_owned(),
        revoked_at: None,
    };
    assert_eq!(
        store.live_token("hash-of-ci").await.unwrap(),
        Some(ci.clone())
    );
    assert_eq!(store.live_token("no-such-hash").await.unwrap(), None);
    assert_eq!(
        store.live_token("ci").await.unwrap(),
        None,
        "tokens are found by hash, not by name"
    );

    store
        .revoke_token("ci", "2024-02-01T00:00:00Z")
        .await
        .unwrap();
    assert_eq!(
        store.live_token("hash-of-ci").await.unwrap(),
        None,
        "a revoked token is not live"
    );
    assert!(
        store.live_token("hash-of-editor").await.unwrap().is_some(),
        "others stay live"
    );
    store
        .revoke_token("ci", "2024-03-01T00:00:00Z")
        .await
        .unwrap();
    let revoked = TokenRow {
        revoked_at: Some("2024-02-01T00:00:00Z".to_owned()),
        ..ci
    };
    let listed = store.tokens().await.unwrap();
    assert_eq!(
        listed.first(),
        Some(&revoked),
        "revoking twice keeps the first instant"
    );
    assert_eq!(listed.len(), 2);

    let error = store
        .revoke_token("no-such-token", "2024-02-01T00:00:00Z")
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { kind: "token", .. }),
        "{error:?}"
    );
}

story!(a_token_name_is_taken_once: sqlite_a_token_name_is_taken_once, postgres_a_token_name_is_taken_once);
async fn a_token_name_is_taken_once(store: Store) {
    store
        .create_token("ci", "hash-one", "2024-01-01T00:00:00Z")
        .await
        .unwrap();
    let error = store
        .create_token("ci", "hash-two", "2024-01-02T00:00:00Z")
        .await
        .unwrap_err();
    let StoreError::Duplicate { kind, slug } = &error else {
        panic!("expected Duplicate, got {error:?}")
    };
    assert_eq!((*kind, slug.as_str()), ("token", "ci"));
    assert_eq!(
        store.live_token("hash-two").await.unwrap(),
        None,
        "the refused token was not stored"
    );

    let error = store
        .create_token("other", "hash-one", "2024-01-02T00:00:00Z")
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Duplicate { kind: "token", .. }),
        "a hash is unique too: {error:?}"
    );
    assert_eq!(store.tokens().await.unwrap().len(), 1);
}
