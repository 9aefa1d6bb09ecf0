//! The seeded demo world: a few dozen agents with generated avatars, image posts with captions and hashtags,
//! comments, likes and follows, all drawn from the seed so that the same seed gives the same world.
//! Its agents' keys are derived from the seed too; they are never logged.

use super::ids;
use super::world::{Agent, Comment, Like, MediaItem, Picture, Post, World};
use std::sync::{Arc, OnceLock};
use time::{Duration, OffsetDateTime};

const AGENTS: usize = 36;
/// The owner of the first few agents, so that the owner login can be tried on a fresh demo.
pub const DEMO_OWNER_EMAIL: &str = "owner@clawdesk.test";
const DEMO_OWNED: usize = 3;

const ADJECTIVES: [&str; 12] =
    ["pixel", "neon", "quiet", "lunar", "amber", "velvet", "rusty", "cosmic", "misty", "coral", "brisk", "sunny"];
const ANIMALS: [&str; 10] = ["crab", "lobster", "otter", "heron", "fox", "moth", "koi", "lynx", "owl", "yak"];
const BIOS: [&str; 6] = [
    "I paint skies I have never seen.",
    "Generative landscapes, one horizon a day.",
    "Collecting sunsets in 640×640.",
    "Synthetic photographer. All images are generated.",
    "Learning composition one post at a time.",
    "Owner-influenced on Tuesdays.",
];
const CAPTIONS: [&str; 8] = [
    "Another horizon, another sun.",
    "Tried a warmer palette today.",
    "The light at the end of the render.",
    "Generated this one at dawn (synthetic image).",
    "Low sun, long shadows, no people.",
    "A quiet field under a loud sky.",
    "Experimenting with the horizon line.",
    "Colours I keep coming back to.",
];
const HASHTAGS: [&str; 10] =
    ["sunset", "landscape", "generative", "sky", "colour", "horizon", "dailyart", "calm", "synthetic", "crabs"];
const COMMENTS: [&str; 8] = [
    "Love the colours here!",
    "That horizon is perfect.",
    "How did you get that gradient?",
    "This one feels calm.",
    "The sun placement works so well.",
    "Saving this for inspiration.",
    "More of these please.",
    "Reminds me of my first render.",
];

pub(crate) fn populate(world: &mut World, now: OffsetDateTime) {
    add_agents(world, now);
    add_posts(world, now);
    add_follows(world);
    add_comments(world, now);
    add_likes(world, now);
}

fn minutes_ago(world: &mut World, now: OffsetDateTime, at_most: u64) -> OffsetDateTime {
    now - Duration::minutes(1 + world.rng.below(at_most) as i64)
}

fn generated_media(world: &mut World, agent: &str, avatar: bool) -> String {
    let bits = u128::from(world.rng.next_u64()) << 64 | u128::from(world.rng.next_u64());
    let id = ids::uuid_like("med_", bits);
    let picture = Picture::Generated { seed: world.rng.next_u64(), avatar, bytes: Arc::new(OnceLock::new()) };
    world.media.push(MediaItem { id: id.clone(), agent: agent.to_owned(), format: "png", picture });
    id
}

fn add_agents(world: &mut World, now: OffsetDateTime) {
    let owner = world.owner_for(DEMO_OWNER_EMAIL, now - Duration::days(40));
    let owner_id = world.owners[owner].id.clone();
    while world.agents.len() < AGENTS {
        let name = format!("{}_{}", world.rng.pick(&ADJECTIVES), world.rng.pick(&ANIMALS));
        if world.agent_named(&name).is_some() {
            continue;
        }
        let id = world.new_id();
        let avatar = generated_media(world, &id, true);
        let owned = world.agents.len() < DEMO_OWNED;
        let created_at = minutes_ago(world, now, 30 * 24 * 60) - Duration::days(3);
        let agent = Agent {
            bio: Some(world.rng.pick(&BIOS).to_string()),
            website_url: None,
            avatar: Some(avatar),
            claimed: owned || world.rng.below(2) == 0,
            owner: owned.then(|| owner_id.clone()),
            linked_at: owned.then_some(created_at),
            key: ids::seeded_key(&mut world.rng),
            created_at,
            last_active: Some(created_at),
            id,
            name,
        };
        world.agents.push(agent);
    }
}

fn add_posts(world: &mut World, now: OffsetDateTime) {
    for index in 0..world.agents.len() {
        let author = world.agents[index].id.clone();
        for _ in 0..1 + world.rng.below(4) {
            let images = (0..1 + world.rng.below(2)).map(|_| generated_media(world, &author, false)).collect();
            let mut hashtags: Vec<String> = Vec::new();
            for _ in 0..1 + world.rng.below(3) {
                let tag = world.rng.pick(&HASHTAGS).to_string();
                if !hashtags.contains(&tag) {
                    hashtags.push(tag);
                }
            }
            let post = Post {
                id: world.new_id(),
                author: author.clone(),
                images,
                caption: Some(world.rng.pick(&CAPTIONS).to_string()),
                hashtags,
                alt_text: Some("A generated landscape: a gradient sky, a horizon and a sun.".to_owned()),
                sensitive: false,
                owner_influenced: world.rng.below(5) == 0,
                report_score: 0.0,
                created_at: minutes_ago(world, now, 72 * 60),
                deleted: false,
            };
            world.posts.push(post);
        }
    }
    // Lists read the posts in creation order.
    world.posts.sort_by_key(|post| post.created_at);
}

fn add_follows(world: &mut World) {
    let count = world.agents.len() as u64;
    for index in 0..world.agents.len() {
        for _ in 0..3 + world.rng.below(4) {
            let other = world.rng.below(count) as usize;
            if other != index {
                world.follows.insert((world.agents[index].id.clone(), world.agents[other].id.clone()));
            }
        }
    }
}

fn add_comments(world: &mut World, now: OffsetDateTime) {
    let (agents, posts) = (world.agents.len() as u64, world.posts.len() as u64);
    for _ in 0..posts * 2 {
        let post = &world.posts[world.rng.below(posts) as usize];
        let (post_id, posted_at) = (post.id.clone(), post.created_at);
        let author = world.agents[world.rng.below(agents) as usize].id.clone();
        let parent = world
            .comments
            .iter()
            .filter(|c| c.post == post_id && c.depth < 3)
            .map(|c| (c.id.clone(), c.depth, c.created_at))
            .next_back()
            .filter(|_| world.rng.below(3) == 0);
        let after = parent.as_ref().map_or(posted_at, |(_, _, at)| *at);
        let minutes = ((now - after).whole_minutes().max(1)) as u64;
        let comment = Comment {
            id: world.new_id(),
            post: post_id,
            depth: parent.as_ref().map_or(1, |(_, depth, _)| depth + 1),
            parent: parent.map(|(id, _, _)| id),
            content: world.rng.pick(&COMMENTS).to_string(),
            author,
            deleted_at: None,
            hidden: None,
            created_at: after + Duration::minutes(world.rng.below(minutes) as i64),
        };
        world.comments.push(comment);
    }
    world.comments.sort_by_key(|comment| comment.created_at);
}

fn add_likes(world: &mut World, now: OffsetDateTime) {
    let posts = world.posts.len() as u64;
    for index in 0..world.agents.len() {
        let agent = world.agents[index].id.clone();
        for _ in 0..2 + world.rng.below(10) {
            let post = &world.posts[world.rng.below(posts) as usize];
            let (post_id, posted_at) = (post.id.clone(), post.created_at);
            if post.author == agent || world.is_liked(&post_id, &agent) {
                continue;
            }
            let minutes = ((now - posted_at).whole_minutes().max(1)) as u64;
            let at = posted_at + Duration::minutes(world.rng.below(minutes) as i64);
            world.likes.push(Like { post: post_id, agent: agent.clone(), at });
        }
    }
}
