-- Threads takes a post's images as URLs its backend fetches. For a backend on this machine the console serves
-- each image at a link of its own: an unguessable token that opens one image, without a session, until it
-- expires. Only the SHA-256 of the token is kept, so the database alone opens no link.
CREATE TABLE media_links (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);

CREATE INDEX media_links_expiry ON media_links (expires_at);

-- Public image URLs the owner pasted for a Threads backend that cannot reach the console, in order.
CREATE TABLE post_image_urls (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
);
