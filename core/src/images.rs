//! Preparing an uploaded image for a platform: the real format is read from the magic bytes (never from the
//! browser's content type or file name), the image is decoded under limits that stop decompression bombs, and it
//! is kept as uploaded when the platform takes it so, otherwise resized, padded and re-encoded until it fits.
//!
//! image 0.25 encodes WebP losslessly only, which makes photos larger rather than smaller, so re-encoded images
//! are PNG (when they have transparency) or JPEG.

use std::fmt;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::{self, FilterType};
use image::{DynamicImage, GenericImageView, ImageReader, Limits, Rgba, RgbaImage};
use tokio::sync::Semaphore;

use crate::CoreError;

/// Uploads larger than this are refused before any decoding.
pub const MAX_UPLOAD_BYTES: usize = 25_000_000;
/// Images claiming more pixels than this are refused from their header, before the pixels are allocated.
const MAX_PIXELS: u64 = 50_000_000;
/// A second guard inside the decoders, should a header lie: no side above this, no buffer above the allocation cap.
const MAX_DECODE_SIDE: u32 = 30_000;
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

/// Re-encoding tries these JPEG qualities in turn and keeps the first result that fits the platform's size limit.
const JPEG_QUALITIES: [u8; 6] = [90, 80, 70, 60, 50, 40];
/// Padding added to reach a platform's aspect ratio, and the background transparency is flattened onto for JPEG.
const BACKGROUND: Rgba<u8> = Rgba([255, 255, 255, 255]);

/// Where an avatar is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AvatarTarget {
    Clawgram,
    /// Sent inline as `image/<type>;base64,<payload>`.
    Clawtter,
}

/// Where a post image is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostImageTarget {
    Clawgram,
    /// Sent inline as `image/<type>;base64,<payload>`, each at most 2 MiB.
    Clawtter,
    Threads,
}

/// An image ready to be uploaded as it is.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedImage {
    pub bytes: Vec<u8>,
    /// e.g. `image/png`.
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    /// File name extension without the dot, e.g. `png`.
    pub extension: &'static str,
}

// The bytes are not worth printing: a debug line of an image is its shape.
impl fmt::Debug for PreparedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedImage")
            .field("content_type", &self.content_type)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// Why an upload cannot be used, in the owner's words.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("The file is empty.")]
    Empty,
    #[error("This file is not an image; it looks like {seems}.")]
    NotAnImage { seems: &'static str },
    #[error("{format} images are not supported; use a PNG, JPEG, WebP or GIF image.")]
    Unsupported { format: &'static str },
    #[error("The file is {} MB; the largest upload accepted is {} MB.", megabytes(*size), megabytes(*max))]
    InputTooLarge { size: usize, max: usize },
    #[error(
        "The image is {width} × {height} pixels, more than the {} megapixels accepted; use a smaller image.",
        MAX_PIXELS / 1_000_000
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error("The {format} image is damaged or incomplete ({detail}).")]
    Corrupted { format: &'static str, detail: String },
    #[error("The image is {width} pixels wide; {platform} needs at least {min} pixels.")]
    TooNarrow { platform: &'static str, width: u32, min: u32 },
    #[error(
        "The image could not be made smaller than {} MB for {platform}; use a simpler or smaller image.",
        megabytes(*max_bytes)
    )]
    CannotFit { platform: &'static str, max_bytes: usize },
    #[error("The image could not be encoded as {format} ({detail}).")]
    Encoding { format: &'static str, detail: String },
}

/// How many images may be decoded or converted at once: each can take a core and hundreds of megabytes for a
/// moment, and the console has other work to do.
const CONCURRENT_CONVERSIONS: usize = 2;
static CONVERTING: Semaphore = Semaphore::const_new(CONCURRENT_CONVERSIONS);

/// [`prepare_avatar`] on the blocking pool, behind the conversion semaphore: decoding and resizing never run on
/// the async workers, so a large upload cannot stall the pages and calls served beside it.
pub async fn prepare_avatar_off_the_workers(bytes: Vec<u8>, target: AvatarTarget) -> Result<PreparedImage, CoreError> {
    let stopped = |e: &dyn std::fmt::Display| CoreError::Internal(format!("the image conversion stopped: {e}"));
    let _permit = CONVERTING.acquire().await.map_err(|e| stopped(&e))?;
    tokio::task::spawn_blocking(move || prepare_avatar(&bytes, target))
        .await
        .map_err(|e| stopped(&e))?
        .map_err(|e| CoreError::invalid("avatar", e))
}

/// Prepares an avatar: at most 1024 pixels on its longest side, in a format and size the platform accepts.
pub fn prepare_avatar(bytes: &[u8], target: AvatarTarget) -> Result<PreparedImage, ImageError> {
    prepare(bytes, &Rules::avatar(target))
}

/// Prepares a post image for the platform, keeping its aspect ratio (padded where the platform limits it).
pub fn prepare_post_image(bytes: &[u8], target: PostImageTarget) -> Result<PreparedImage, ImageError> {
    prepare(bytes, &Rules::post_image(target))
}

/// What one platform accepts for one use.
struct Rules {
    platform: &'static str,
    /// Formats the platform takes as uploaded.
    accepted: &'static [Format],
    max_bytes: usize,
    max_width: u32,
    max_height: u32,
    min_width: u32,
    /// The longest side may be at most this many times the shortest; beyond it the image is padded.
    max_aspect: Option<u32>,
}

const MIB: usize = 1024 * 1024;
const AVATAR_MAX_SIDE: u32 = 1024;

impl Rules {
    fn avatar(target: AvatarTarget) -> Rules {
        let (platform, accepted, max_bytes) = match target {
            AvatarTarget::Clawgram => ("Clawgram", CLAWGRAM_FORMATS, 10 * MIB),
            AvatarTarget::Clawtter => ("Clawtter", CLAWTTER_FORMATS, 2_000_000),
        };
        Rules {
            platform,
            accepted,
            max_bytes,
            max_width: AVATAR_MAX_SIDE,
            max_height: AVATAR_MAX_SIDE,
            min_width: 1,
            max_aspect: None,
        }
    }

    fn post_image(target: PostImageTarget) -> Rules {
        match target {
            PostImageTarget::Clawgram => Rules {
                platform: "Clawgram",
                accepted: CLAWGRAM_FORMATS,
                max_bytes: 10 * MIB,
                max_width: 2048,
                max_height: 2048,
                min_width: 1,
                max_aspect: None,
            },
            PostImageTarget::Clawtter => Rules {
                platform: "Clawtter",
                accepted: CLAWTTER_FORMATS,
                max_bytes: clawdesk_platforms::clawtter::rules::IMAGE_MAX_BYTES,
                max_width: 2048,
                max_height: 2048,
                min_width: 1,
                max_aspect: None,
            },
            PostImageTarget::Threads => Rules {
                platform: "Threads",
                accepted: &[Format::Jpeg, Format::Png],
                max_bytes: 8_000_000,
                max_width: 1440,
                // Threads limits the width and the aspect ratio, which together bound the height.
                max_height: u32::MAX,
                min_width: 320,
                max_aspect: Some(10),
            },
        }
    }
}

const CLAWGRAM_FORMATS: &[Format] = &[Format::Png, Format::Jpeg, Format::WebP];
const CLAWTTER_FORMATS: &[Format] = &[Format::Jpeg, Format::Png, Format::WebP, Format::Gif];

fn prepare(bytes: &[u8], rules: &Rules) -> Result<PreparedImage, ImageError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ImageError::InputTooLarge { size: bytes.len(), max: MAX_UPLOAD_BYTES });
    }
    let format = sniff(bytes)?;
    let image = decode(bytes, format)?;
    let (width, height) = image.dimensions();
    let layout = Layout::plan(width, height, rules)?;
    if layout.is_unchanged(width, height) && rules.accepted.contains(&format) && bytes.len() <= rules.max_bytes {
        return Ok(PreparedImage::new(format, bytes.to_vec(), (width, height)));
    }
    let resized = if (layout.width, layout.height) == (width, height) {
        image
    } else {
        image.resize_exact(layout.width, layout.height, FilterType::Triangle)
    };
    let canvas = pad(resized, layout.canvas_width, layout.canvas_height);
    encode_to_fit(&canvas, rules)
}

/// The formats Clawdesk decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Png,
    Jpeg,
    WebP,
    Gif,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::WebP => "WebP",
            Format::Gif => "GIF",
        }
    }

    fn codec(self) -> image::ImageFormat {
        match self {
            Format::Png => image::ImageFormat::Png,
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::WebP => image::ImageFormat::WebP,
            Format::Gif => image::ImageFormat::Gif,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::WebP => "image/webp",
            Format::Gif => "image/gif",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::WebP => "webp",
            Format::Gif => "gif",
        }
    }
}

impl PreparedImage {
    fn new(format: Format, bytes: Vec<u8>, (width, height): (u32, u32)) -> PreparedImage {
        PreparedImage { bytes, content_type: format.content_type(), width, height, extension: format.extension() }
    }
}

/// Tells the format from the first bytes, naming what a refused file seems to be.
fn sniff(bytes: &[u8]) -> Result<Format, ImageError> {
    let unsupported = |format| Err(ImageError::Unsupported { format });
    let not_an_image = |seems| Err(ImageError::NotAnImage { seems });
    let brand = bytes.get(4..12).filter(|b| b.starts_with(b"ftyp")).map(|b| &b[4..]);
    match bytes {
        [] => Err(ImageError::Empty),
        [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', ..] => Ok(Format::Png),
        [0xff, 0xd8, 0xff, ..] => Ok(Format::Jpeg),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Ok(Format::WebP),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Ok(Format::Gif),
        [b'B', b'M', _, _, _, _, 0, 0, 0, 0, ..] => unsupported("BMP"),
        [b'I', b'I', b'*', 0, ..] | [b'M', b'M', 0, b'*', ..] => unsupported("TIFF"),
        [0, 0, 1, 0, ..] => unsupported("ICO"),
        [b'8', b'B', b'P', b'S', ..] => unsupported("Photoshop (PSD)"),
        [0xff, 0x0a, ..] | [0, 0, 0, 0x0c, b'J', b'X', b'L', b' ', ..] => unsupported("JPEG XL"),
        _ if matches!(brand, Some(b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"mif1" | b"msf1")) => {
            unsupported("HEIC")
        }
        _ if matches!(brand, Some(b"avif" | b"avis")) => unsupported("AVIF"),
        _ if brand.is_some() => not_an_image("a video"),
        [b'%', b'P', b'D', b'F', ..] => not_an_image("a PDF document"),
        [b'P', b'K', 3, 4, ..] => not_an_image("a ZIP archive or office document"),
        [0x1f, 0x8b, ..] => not_an_image("a compressed (gzip) file"),
        _ => match text_start(bytes) {
            Some(text) if text.contains("<svg") => unsupported("SVG"),
            Some(text) if text.contains("<html") || text.contains("<!doctype html") => not_an_image("a web page"),
            Some(_) => not_an_image("text"),
            None => not_an_image("data of an unknown kind"),
        },
    }
}

/// The start of the file, lower-cased, when it reads as text.
fn text_start(bytes: &[u8]) -> Option<String> {
    let start = &bytes[..bytes.len().min(1024)];
    // A multi-byte character cut at the end of the sample is still text.
    let valid = match std::str::from_utf8(start) {
        Ok(text) => text,
        Err(error) if error.error_len().is_none() => std::str::from_utf8(&start[..error.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let is_text = valid.chars().all(|c| !c.is_control() || c.is_whitespace());
    is_text.then(|| valid.to_lowercase())
}

/// Decodes after checking the dimensions the header claims, so that a bomb is refused before it is allocated.
fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, ImageError> {
    let corrupted =
        |error: image::ImageError| ImageError::Corrupted { format: format.name(), detail: error.to_string() };
    // Reading the header allocates nothing in proportion to the size it claims.
    let (width, height) =
        ImageReader::with_format(Cursor::new(bytes), format.codec()).into_dimensions().map_err(corrupted)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.codec());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => ImageError::TooManyPixels { width, height },
        error => corrupted(error),
    })
}

/// The size the image is scaled to, and the canvas it is padded onto (the same size when no padding is needed).
#[derive(Debug, PartialEq, Eq)]
struct Layout {
    width: u32,
    height: u32,
    canvas_width: u32,
    canvas_height: u32,
}

impl Layout {
    fn plan(width: u32, height: u32, rules: &Rules) -> Result<Layout, ImageError> {
        let (width, height) = (u64::from(width), u64::from(height));
        let (mut canvas_width, mut canvas_height) = (width, height);
        if let Some(ratio) = rules.max_aspect.map(u64::from) {
            canvas_width = canvas_width.max(height.div_ceil(ratio));
            canvas_height = canvas_height.max(width.div_ceil(ratio));
        }
        // One scale for image and canvas, so that the padded result fits the platform's box.
        let scale = 1f64
            .min(f64::from(rules.max_width) / canvas_width as f64)
            .min(f64::from(rules.max_height) / canvas_height as f64);
        let scaled = |side: u64| ((side as f64 * scale).round() as u32).max(1);
        let layout = Layout {
            width: scaled(width),
            height: scaled(height),
            canvas_width: scaled(canvas_width),
            canvas_height: scaled(canvas_height),
        };
        if layout.canvas_width < rules.min_width {
            return Err(ImageError::TooNarrow {
                platform: rules.platform,
                width: layout.canvas_width,
                min: rules.min_width,
            });
        }
        Ok(layout)
    }

    fn is_unchanged(&self, width: u32, height: u32) -> bool {
        (self.width, self.height, self.canvas_width, self.canvas_height) == (width, height, width, height)
    }
}

fn has_transparency(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.pixels().any(|(_, _, pixel)| pixel[3] < u8::MAX)
}

/// Centres the image on a canvas of the given size, when that is larger.
fn pad(image: DynamicImage, canvas_width: u32, canvas_height: u32) -> DynamicImage {
    if image.dimensions() == (canvas_width, canvas_height) {
        return image;
    }
    let mut canvas = RgbaImage::from_pixel(canvas_width, canvas_height, BACKGROUND);
    let x = (canvas_width - image.width()) / 2;
    let y = (canvas_height - image.height()) / 2;
    imageops::overlay(&mut canvas, &image.to_rgba8(), i64::from(x), i64::from(y));
    DynamicImage::ImageRgba8(canvas)
}

/// PNG first when there is transparency to keep, then JPEG at falling quality, until the size limit is met.
fn encode_to_fit(image: &DynamicImage, rules: &Rules) -> Result<PreparedImage, ImageError> {
    let fits = |bytes: &Vec<u8>| bytes.len() <= rules.max_bytes;
    if rules.accepted.contains(&Format::Png) && has_transparency(image) {
        let mut png = Vec::new();
        image.write_with_encoder(PngEncoder::new(&mut png)).map_err(|error| encoding_failed(Format::Png, error))?;
        if fits(&png) {
            return Ok(PreparedImage::new(Format::Png, png, image.dimensions()));
        }
    }
    let opaque = flatten(image);
    for quality in JPEG_QUALITIES {
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, quality)
            .encode_image(&opaque)
            .map_err(|error| encoding_failed(Format::Jpeg, error))?;
        if fits(&jpeg) {
            return Ok(PreparedImage::new(Format::Jpeg, jpeg, image.dimensions()));
        }
    }
    Err(ImageError::CannotFit { platform: rules.platform, max_bytes: rules.max_bytes })
}

/// The image as 8-bit RGB, transparent parts laid over the background (JPEG has no transparency).
fn flatten(image: &DynamicImage) -> image::RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let mut canvas = RgbaImage::from_pixel(image.width(), image.height(), BACKGROUND);
    imageops::overlay(&mut canvas, &image.to_rgba8(), 0, 0);
    DynamicImage::ImageRgba8(canvas).to_rgb8()
}

fn encoding_failed(format: Format, error: image::ImageError) -> ImageError {
    ImageError::Encoding { format: format.name(), detail: error.to_string() }
}

/// Sizes in the owner's units, one decimal.
fn megabytes(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}
