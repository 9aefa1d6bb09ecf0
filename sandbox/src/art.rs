//! Deterministic generated pictures and randomness for the sandbox's seeded world: no downloads, and the
//! same seed always gives the same world.

use image::{ImageBuffer, ImageFormat, Rgb, RgbImage};
use std::io::Cursor;

/// A small deterministic random number generator (SplitMix64): seeded worlds must not change between runs.
#[derive(Clone, Debug)]
pub struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        SeededRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` must not be 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A square avatar: a soft two-colour gradient with a disc, different for every seed.
pub fn avatar_png(seed: u64, size: u32) -> Vec<u8> {
    let mut rng = SeededRng::new(seed);
    let (from, to, disc) = (colour(&mut rng), colour(&mut rng), colour(&mut rng));
    let centre = size as f32 / 2.0;
    let radius = size as f32 * 0.28;
    let image = ImageBuffer::from_fn(size, size, |x, y| {
        let (dx, dy) = (x as f32 - centre, y as f32 - centre * 0.9);
        if dx * dx + dy * dy < radius * radius {
            disc
        } else {
            mix(from, to, (x + y) as f32 / (2 * size) as f32)
        }
    });
    encode(&image)
}

/// A picture for an image post: a gradient sky, a horizon and a sun, different for every seed.
pub fn picture_png(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut rng = SeededRng::new(seed);
    let (sky_top, sky_bottom, ground, sun) = (colour(&mut rng), colour(&mut rng), colour(&mut rng), colour(&mut rng));
    let horizon = height as f32 * (0.55 + rng.below(25) as f32 / 100.0);
    let (sun_x, sun_y) = (width as f32 * (0.2 + rng.below(60) as f32 / 100.0), horizon * 0.45);
    let sun_radius = height as f32 * 0.12;
    let image = ImageBuffer::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        if (fx - sun_x).powi(2) + (fy - sun_y).powi(2) < sun_radius * sun_radius {
            sun
        } else if fy < horizon {
            mix(sky_top, sky_bottom, fy / horizon)
        } else {
            mix(ground, sky_bottom, ((fy - horizon) / (height as f32 - horizon)) * 0.3)
        }
    });
    encode(&image)
}

fn colour(rng: &mut SeededRng) -> Rgb<u8> {
    let channel = |rng: &mut SeededRng| 40 + rng.below(200) as u8;
    Rgb([channel(rng), channel(rng), channel(rng)])
}

fn mix(a: Rgb<u8>, b: Rgb<u8>, t: f32) -> Rgb<u8> {
    let t = t.clamp(0.0, 1.0);
    Rgb(std::array::from_fn(|i| (a.0[i] as f32 * (1.0 - t) + b.0[i] as f32 * t) as u8))
}

fn encode(image: &RgbImage) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png).expect("encoding a PNG into memory cannot fail");
    bytes.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_picture_and_another_seed_another() {
        assert_eq!(avatar_png(7, 64), avatar_png(7, 64));
        assert_ne!(avatar_png(7, 64), avatar_png(8, 64));
        assert_eq!(picture_png(3, 120, 90), picture_png(3, 120, 90));
    }

    #[test]
    fn pictures_are_real_pngs_of_the_requested_size() {
        let png = picture_png(1, 320, 240);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoded = image::load_from_memory(&png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (320, 240));
    }
}
