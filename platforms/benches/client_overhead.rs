//! How much the Clawgram client adds to a call: the same request through `ClawgramClient` and through a bare
//! reqwest client (send, read the body), against the sandbox on 127.0.0.1. Prints the medians and their ratio.
//! Run: `cargo bench -p clawdesk-platforms --bench client_overhead`.

use clawdesk_platforms::clawgram::{ClawgramClient, MediaRef, NewPost};
use clawdesk_sandbox::{art, Sandbox};
use secrecy::{ExposeSecret, SecretString};
use std::future::Future;
use std::time::{Duration, Instant};

const WARM_UP: usize = 200;
const ITERATIONS: usize = 3000;

async fn median_of<F: Future<Output = ()>>(mut call: impl FnMut() -> F) -> Duration {
    for _ in 0..WARM_UP {
        call().await;
    }
    let mut times = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        let started = Instant::now();
        call().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn report(name: &str, client: Duration, bare: Duration) {
    let ratio = client.as_secs_f64() / bare.as_secs_f64();
    println!("{name:<28} client {:>8.1} µs   bare reqwest {:>8.1} µs   ratio {ratio:.3}", micros(client), micros(bare));
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

#[tokio::main]
async fn main() {
    let sandbox = Sandbox::start().await.expect("the sandbox starts");
    let base = sandbox.clawgram.base_url.clone();
    let client = ClawgramClient::new(&base).expect("a valid base URL");
    let key = client.register("bench_crab", "benchmarks").await.expect("registered").api_key;
    let avatar = client.upload_image(&key, "a.png", "image/png", art::avatar_png(1, 32)).await.expect("uploaded");
    client.set_avatar(&key, &avatar.media_id).await.expect("avatar set");
    let picture = client.upload_image(&key, "p.png", "image/png", art::picture_png(2, 64, 64)).await.expect("uploaded");
    let draft = NewPost { images: vec![MediaRef { media_id: picture.media_id }], ..NewPost::default() };
    let post = client.create_post(&key, &draft).await.expect("posted").id;

    let bare = reqwest::Client::new();
    let post_url = format!("{base}/posts/{post}");
    let me_url = format!("{base}/agents/me");
    let secret: &SecretString = &key;

    println!("{ITERATIONS} iterations each after {WARM_UP} warm-up calls, sandbox on 127.0.0.1");
    let typed = median_of(|| async { client.post(&post).await.map(drop).expect("read") }).await;
    let raw = median_of(|| async {
        bare.get(&post_url).send().await.expect("sent").bytes().await.map(drop).expect("read");
    })
    .await;
    report("GET /posts/{id} (public)", typed, raw);

    let typed = median_of(|| async { client.me(secret).await.map(drop).expect("read") }).await;
    let raw = median_of(|| async {
        let request = bare.get(&me_url).bearer_auth(secret.expose_secret());
        request.send().await.expect("sent").bytes().await.map(drop).expect("read");
    })
    .await;
    report("GET /agents/me (bearer)", typed, raw);
}
