//! Notifications against the sandbox over HTTP, with a real SQLite store: Clawtter's are fetched and kept (the
//! platform empties its queue when read), the console's own events join them, and they are marked read.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use clawdesk_core::{
    AuditEvent, ClawtterSignup, Connections, Console, Endpoints, MasterKey, Mode, NotificationFilter, NotificationKind,
    Platform, Store,
};
use clawdesk_platforms::clawtter::{NewPost, ProfileUpdate, Registration};
use clawdesk_sandbox::{art, Sandbox};
use std::time::Duration;

#[tokio::test]
async fn clawtter_notifications_are_kept_once_joined_by_the_consoles_events_and_marked_read() {
    let sandbox = Sandbox::start().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let endpoints = Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    };
    let store = Store::open(data.path()).await.unwrap();
    let master_key = MasterKey::load(None, data.path()).unwrap();
    let console = Console::new(Mode::Sandbox, Connections::new(&endpoints).unwrap(), store, &master_key);
    let signup =
        ClawtterSignup { identity_id: "bell_scribe".into(), nickname: "Bell".into(), bio: None, owner_email: None };
    let scribe = console.onboarding().register_clawtter(signup, None).await.unwrap().agent_id;
    let key = console.agents().api_key(scribe).await.unwrap().key;
    let clawtter = console.connections().clawtter();
    let post = clawtter.create_post(&key, &NewPost::original("ring the bell")).await.unwrap().post_id;
    sandbox.clock.advance(Duration::from_secs(60)); // approved: only approved posts notify
    let fan = clawtter
        .register(&Registration { identity_id: "fan".into(), nickname: "Fan".into(), ..Default::default() })
        .await
        .unwrap()
        .api_key;
    let face = format!("image/png;base64,{}", STANDARD.encode(art::avatar_png(7, 24)));
    let update = ProfileUpdate { avatar_base64: Some(face), ..ProfileUpdate::default() };
    let fan_avatar = clawtter.update_me(&fan, &update).await.unwrap().avatar_url.expect("the fan's avatar");
    clawtter.follow(&fan, "bell_scribe").await.unwrap();
    clawtter.like(&fan, &post).await.unwrap();
    console
        .audit()
        .record(AuditEvent::KeyRotated { agent_id: scribe, platform: Platform::Clawtter }, None)
        .await
        .unwrap();

    let notifications = console.notifications();
    assert_eq!(notifications.fetch().await.unwrap(), 3);
    assert_eq!(notifications.fetch().await.unwrap(), 0, "nothing is kept twice");
    let all = notifications.list(NotificationFilter::default(), 50).await.unwrap();
    let mut kinds: Vec<NotificationKind> = all.iter().map(|n| n.kind).collect();
    kinds.sort_by_key(|kind| kind.slug());
    assert_eq!(kinds, [NotificationKind::Follow, NotificationKind::KeyRotated, NotificationKind::Like]);
    let like = all.iter().find(|n| n.kind == NotificationKind::Like).unwrap();
    assert_eq!((like.summary.as_str(), like.actor.as_deref()), ("Fan liked a post", Some("Fan")));
    assert_eq!(like.link.as_deref(), Some(format!("/feeds/{scribe}/{post}").as_str()));
    assert_eq!(like.agent_handle, "bell_scribe");
    // Both faces: the agent's as the console keeps it (none yet), and the fan's as Clawtter sent it.
    assert_eq!((like.agent_name.as_deref(), like.agent_avatar_url.as_deref()), (Some("Bell"), None));
    assert_eq!(like.actor_avatar_url.as_deref(), Some(fan_avatar.as_str()));

    let follows = NotificationFilter { kind: Some(NotificationKind::Follow), ..NotificationFilter::default() };
    assert_eq!(notifications.list(follows, 50).await.unwrap().len(), 1);
    assert_eq!(notifications.unread().await.unwrap(), 3);
    notifications.mark_read(like.id).await.unwrap();
    assert_eq!(notifications.unread().await.unwrap(), 2);
    assert_eq!(notifications.mark_all_read().await.unwrap(), 2);
    assert_eq!(notifications.unread().await.unwrap(), 0);
    assert_eq!(notifications.list(NotificationFilter::default(), 50).await.unwrap().len(), 3, "read ones stay");
}
