//! The webhook outbox as stored: idempotent enqueue, due deliveries, attempts that deliver, retry or
//! disable, re-enable, redeliver, and cascade on delete; on every backend.

use store::{AttemptOutcome, AttemptRow, NewDelivery, Store, StoreError, SubscriptionRow};

use crate::harness::story;

fn subscription(id: &str) -> SubscriptionRow {
    SubscriptionRow {
        public_id: id.to_owned(),
        url: "https://example.com/hook".to_owned(),
        artists: "[]".to_owned(),
        kinds: "[\"mv_released\"]".to_owned(),
        format: "generic".to_owned(),
        secret: "whsec_x".to_owned(),
        created_by: "ci".to_owned(),
        created_at: 1_000,
        enabled: 1,
        failures: 0,
        disabled_at: None,
        disabled_reason: None,
    }
}

fn delivery(subscription: &str, event: &str) -> NewDelivery {
    NewDelivery {
        subscription: subscription.to_owned(),
        event_id: event.to_owned(),
        event_kind: "mv_released".to_owned(),
        payload: format!("{{\"id\": \"{event}\"}}"),
        idempotency_key: format!("{subscription}/{event}"),
    }
}

fn outcome(at: i64, status: Option<i64>, delivered: bool) -> AttemptOutcome {
    AttemptOutcome {
        attempt: AttemptRow {
            at,
            status,
            latency_ms: 12,
            error: (!delivered).then(|| "the target answered HTTP 500".to_owned()),
        },
        delivered,
        retry_at: at + 100,
        max_failures: 2,
    }
}

story!(webhook_outbox_delivers_retries_and_disables: sqlite_webhook_outbox_delivers_retries_and_disables, postgres_webhook_outbox_delivers_retries_and_disables);
async fn webhook_outbox_delivers_retries_and_disables(store: Store) {
    store
        .create_subscription(&subscription("sub_a"))
        .await
        .unwrap();
    assert!(matches!(
        store.create_subscription(&subscription("sub_a")).await,
        Err(StoreError::Duplicate { .. })
    ));
    let events = vec!["e1".to_owned(), "e2".to_owned()];
    let deliveries = vec![delivery("sub_a", "e1"), delivery("sub_a", "e2")];
    assert_eq!(store.enqueue(&events, &deliveries, 2_000).await.unwrap(), 2);
    assert_eq!(
        store.enqueue(&events, &deliveries, 2_500).await.unwrap(),
        0,
        "enqueueing again adds nothing"
    );
    let seen = store.seen_events().await.unwrap();
    assert!(seen.contains("e1") && seen.contains("e2") && seen.len() == 2);

    assert!(store.due_deliveries(1_999, 10).await.unwrap().is_empty());
    let due = store.due_deliveries(2_000, 10).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[0].secret, "whsec_x");

    // e1 is delivered; e2 fails twice, which disables the subscription.
    assert!(
        !store
            .record_attempt("sub_a/e1", &outcome(3_000, Some(204), true))
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_attempt("sub_a/e2", &outcome(3_000, Some(500), false))
            .await
            .unwrap()
    );
    let due = store.due_deliveries(3_050, 10).await.unwrap();
    assert!(due.is_empty(), "e2 waits for its retry: {due:?}");
    let due = store.due_deliveries(3_100, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].attempts, 1);
    assert!(
        store
            .record_attempt("sub_a/e2", &outcome(3_100, None, false))
            .await
            .unwrap()
    );
    let row = store.subscription("sub_a").await.unwrap().unwrap();
    assert_eq!((row.enabled, row.failures), (0, 2));
    assert!(
        row.disabled_reason
            .unwrap()
            .contains("2 consecutive failed attempts")
    );
    assert!(
        store.due_deliveries(i64::MAX, 10).await.unwrap().is_empty(),
        "disabled: nothing due"
    );

    store.enable_subscription("sub_a", 4_000).await.unwrap();
    let due = store.due_deliveries(4_000, 10).await.unwrap();
    assert_eq!(due.len(), 1, "the pending delivery is due again at once");
    assert!(
        !store
            .record_attempt("sub_a/e2", &outcome(4_000, Some(200), true))
            .await
            .unwrap()
    );

    let listed = store.deliveries("sub_a", 10).await.unwrap();
    assert_eq!(listed.len(), 2);
    let e2 = listed.iter().find(|d| d.event_id == "e2").unwrap();
    assert_eq!(e2.state, "delivered");
    assert_eq!(e2.log.len(), 3);
    assert_eq!(e2.log[1].status, None);
    assert_eq!(e2.log[2].status, Some(200));

    store.redeliver("sub_a", "e1", 5_000).await.unwrap();
    let due = store.due_deliveries(5_000, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].idempotency_key, "sub_a/e1");
    assert!(matches!(
        store.redeliver("sub_a", "nope", 5_000).await,
        Err(StoreError::NotFound { .. })
    ));

    store.delete_subscription("sub_a").await.unwrap();
    assert!(store.subscription("sub_a").await.unwrap().is_none());
    assert!(store.due_deliveries(i64::MAX, 10).await.unwrap().is_empty());
    assert!(matches!(
        store.delete_subscription("sub_a").await,
        Err(StoreError::NotFound { .. })
    ));
    // A delivery for a subscription that is gone is skipped, not an error.
    assert_eq!(
        store
            .enqueue(&["e3".to_owned()], &[delivery("sub_a", "e3")], 6_000)
            .await
            .unwrap(),
        0
    );
}
