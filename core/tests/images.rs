//! Uploaded avatars and post images, made here with the image crate, prepared for each platform.

use std::io::Cursor;

use clawdesk_core::{
    prepare_avatar, prepare_avatar_off_the_workers, prepare_post_image, AvatarTarget, ImageError, PostImageTarget,
    PreparedImage,
};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// A smooth opaque picture: compresses like a photo.
fn gradient(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, ((x + y) % 256) as u8])
    }))
}

/// Pixels no encoder can compress much, deterministic from the seed.
fn noise(width: u32, height: u32, seed: u32) -> DynamicImage {
    let mut state = seed.max(1);
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |_, _| {
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        };
        Rgb([next(), next(), next()])
    }))
}

/// An avatar with a transparent background around an opaque disc.
fn transparent_disc(side: u32) -> DynamicImage {
    let centre = side as i64 / 2;
    DynamicImage::ImageRgba8(RgbaImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (x as i64 - centre, y as i64 - centre);
        if dx * dx + dy * dy < centre * centre / 2 {
            Rgba([200, 40, 40, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    }))
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).expect("encode test image");
    bytes.into_inner()
}

fn jpeg(image: &DynamicImage, quality: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(image).expect("encode test JPEG");
    bytes
}

/// Decodes what was prepared and checks it is what it says it is.
fn decoded(prepared: &PreparedImage) -> DynamicImage {
    let format = image::guess_format(&prepared.bytes).expect("prepared bytes are an image");
    assert_eq!(format.to_mime_type(), prepared.content_type);
    assert!(format.extensions_str().contains(&prepared.extension), "{} for {format:?}", prepared.extension);
    let image = image::load_from_memory(&prepared.bytes).expect("prepared image decodes");
    assert_eq!(image.dimensions(), (prepared.width, prepared.height));
    image
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&[&kind[..], data].concat()).to_be_bytes());
    chunk
}

/// A well-formed PNG header claiming an RGBA image of the given size, with a few bytes of pixel data.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &header));
    png.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// A 2 × 2 24-bit Windows bitmap, written out by hand (the image crate here is built without BMP).
fn bmp() -> Vec<u8> {
    let row = [0u8, 0, 255, 255, 255, 255, 0, 0]; // two BGR pixels and two bytes of row padding
    let pixels = [row, row].concat();
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&(54 + pixels.len() as u32).to_le_bytes());
    bmp.extend_from_slice(&[0, 0, 0, 0]);
    bmp.extend_from_slice(&54u32.to_le_bytes());
    for field in [40u32, 2, 2] {
        bmp.extend_from_slice(&field.to_le_bytes());
    }
    bmp.extend_from_slice(&1u16.to_le_bytes());
    bmp.extend_from_slice(&24u16.to_le_bytes());
    for field in [0u32, pixels.len() as u32, 2835, 2835, 0, 0] {
        bmp.extend_from_slice(&field.to_le_bytes());
    }
    bmp.extend(pixels);
    bmp
}

#[test]
fn a_png_avatar_that_already_fits_is_uploaded_unchanged() {
    let upload = encode(&gradient(400, 300), ImageFormat::Png);
    let prepared = prepare_avatar(&upload, AvatarTarget::Clawgram).unwrap();
    assert_eq!(prepared.bytes, upload);
    assert_eq!((prepared.content_type, prepared.extension), ("image/png", "png"));
    assert_eq!((prepared.width, prepared.height), (400, 300));
}

#[test]
fn a_jpeg_avatar_that_already_fits_is_uploaded_unchanged_to_clawtter() {
    let upload = jpeg(&gradient(512, 512), 85);
    let prepared = prepare_avatar(&upload, AvatarTarget::Clawtter).unwrap();
    assert_eq!(prepared.bytes, upload);
    assert_eq!((prepared.content_type, prepared.extension), ("image/jpeg", "jpg"));
}

#[test]
fn a_webp_avatar_is_kept_for_clawgram_and_a_webp_post_image_becomes_jpeg_for_threads() {
    let upload = encode(&gradient(640, 480), ImageFormat::WebP);
    let avatar = prepare_avatar(&upload, AvatarTarget::Clawgram).unwrap();
    assert_eq!(avatar.bytes, upload);
    assert_eq!(avatar.content_type, "image/webp");

    let post = prepare_post_image(&upload, PostImageTarget::Threads).unwrap();
    assert_eq!(post.content_type, "image/jpeg");
    assert_eq!(decoded(&post).dimensions(), (640, 480));
}

#[test]
fn a_gif_avatar_is_kept_for_clawtter_and_converted_for_clawgram_which_refuses_gif() {
    let upload = encode(&gradient(256, 256), ImageFormat::Gif);
    let for_clawtter = prepare_avatar(&upload, AvatarTarget::Clawtter).unwrap();
    assert_eq!(for_clawtter.bytes, upload);
    assert_eq!((for_clawtter.content_type, for_clawtter.extension), ("image/gif", "gif"));

    let for_clawgram = prepare_avatar(&upload, AvatarTarget::Clawgram).unwrap();
    assert_eq!(for_clawgram.content_type, "image/jpeg");
    assert_eq!(decoded(&for_clawgram).dimensions(), (256, 256));
}

#[test]
fn a_huge_photo_is_scaled_down_keeping_its_aspect_ratio() {
    let upload = jpeg(&gradient(2200, 1650), 80);
    let avatar = prepare_avatar(&upload, AvatarTarget::Clawgram).unwrap();
    assert_eq!(decoded(&avatar).dimensions(), (1024, 768));
    assert_eq!(avatar.content_type, "image/jpeg");

    let post = prepare_post_image(&upload, PostImageTarget::Clawgram).unwrap();
    assert_eq!(decoded(&post).dimensions(), (2048, 1536));
}

#[test]
fn a_transparent_avatar_that_is_scaled_down_stays_a_transparent_png() {
    let upload = encode(&transparent_disc(1600), ImageFormat::Png);
    let prepared = prepare_avatar(&upload, AvatarTarget::Clawtter).unwrap();
    assert_eq!(prepared.content_type, "image/png");
    let image = decoded(&prepared);
    assert_eq!(image.dimensions(), (1024, 1024));
    assert_eq!(image.get_pixel(0, 0)[3], 0, "the corner stays transparent");
    assert_eq!(image.get_pixel(512, 512), Rgba([200, 40, 40, 255]));
}

#[test]
fn an_oversized_jpeg_is_reencoded_under_the_clawtter_two_megabyte_limit() {
    let upload = jpeg(&noise(1024, 1024, 7), 100);
    assert!(upload.len() > 2_000_000, "the upload must start over the limit, it is {} bytes", upload.len());
    let prepared = prepare_avatar(&upload, AvatarTarget::Clawtter).unwrap();
    assert!(prepared.bytes.len() <= 2_000_000, "{} bytes", prepared.bytes.len());
    assert_eq!(prepared.content_type, "image/jpeg");
    assert_eq!(decoded(&prepared).dimensions(), (1024, 1024));
}

#[test]
fn a_library_image_over_two_megabytes_is_reencoded_for_a_clawtter_post_and_kept_for_clawgram() {
    // What the media library keeps: converted for Clawgram, which takes up to 10 MiB.
    let stored =
        prepare_post_image(&encode(&noise(1200, 1200, 3), ImageFormat::Png), PostImageTarget::Clawgram).unwrap();
    assert!(stored.bytes.len() > 2 * 1024 * 1024, "the stored image must start over Clawtter's limit");
    assert_eq!(stored.content_type, "image/png", "Clawgram takes it as it is");
    let clawtter = prepare_post_image(&stored.bytes, PostImageTarget::Clawtter).unwrap();
    assert!(clawtter.bytes.len() <= 2 * 1024 * 1024, "{} bytes", clawtter.bytes.len());
    assert_eq!(clawtter.content_type, "image/jpeg");
    assert_eq!(decoded(&clawtter).dimensions(), (1200, 1200), "made smaller in bytes, not in pixels");
    // A small one goes as it is.
    let small = encode(&gradient(300, 200), ImageFormat::Png);
    assert_eq!(prepare_post_image(&small, PostImageTarget::Clawtter).unwrap().bytes, small);
}

#[test]
fn a_panorama_is_padded_to_the_threads_aspect_ratio_and_width() {
    let upload = jpeg(&gradient(3000, 200), 85);
    let prepared = prepare_post_image(&upload, PostImageTarget::Threads).unwrap();
    let image = decoded(&prepared);
    assert_eq!(image.dimensions(), (1440, 144));
    // The padding above the picture is the plain background, the picture itself is in the middle.
    let top = image.get_pixel(720, 0);
    assert!(top[0] > 245 && top[1] > 245 && top[2] > 245, "padding is white, got {top:?}");
    assert_ne!(image.get_pixel(720, 72), top);
}

#[test]
fn a_transparent_panorama_padded_for_threads_is_laid_on_white_and_sent_as_jpeg() {
    let band = DynamicImage::ImageRgba8(RgbaImage::from_fn(2000, 100, |x, _| {
        if x < 1000 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([20, 20, 160, 255])
        }
    }));
    let prepared = prepare_post_image(&encode(&band, ImageFormat::Png), PostImageTarget::Threads).unwrap();
    assert_eq!(prepared.content_type, "image/jpeg");
    let image = decoded(&prepared);
    assert_eq!(image.dimensions(), (1440, 144));
    let transparent_part = image.get_pixel(300, 72);
    assert!(transparent_part.0[..3].iter().all(|&c| c > 245), "white, got {transparent_part:?}");
}

#[test]
fn a_tall_image_is_padded_sideways_for_threads() {
    let upload = encode(&gradient(400, 6000), ImageFormat::Png);
    let prepared = prepare_post_image(&upload, PostImageTarget::Threads).unwrap();
    assert_eq!(decoded(&prepared).dimensions(), (600, 6000));
}

#[test]
fn an_image_narrower_than_threads_allows_is_refused_with_the_minimum() {
    let upload = encode(&gradient(200, 200), ImageFormat::Png);
    let error = prepare_post_image(&upload, PostImageTarget::Threads).unwrap_err();
    assert_eq!(error, ImageError::TooNarrow { platform: "Threads", width: 200, min: 320 });
    assert_eq!(error.to_string(), "The image is 200 pixels wide; Threads needs at least 320 pixels.");
}

#[test]
fn a_text_file_is_refused_as_not_an_image() {
    let error = prepare_avatar(b"name: lobster\nbio: likes the sea\n", AvatarTarget::Clawgram).unwrap_err();
    assert_eq!(error, ImageError::NotAnImage { seems: "text" });
    assert_eq!(error.to_string(), "This file is not an image; it looks like text.");
}

#[test]
fn a_pdf_named_like_a_picture_is_refused_as_a_pdf() {
    let error = prepare_avatar(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", AvatarTarget::Clawgram).unwrap_err();
    assert_eq!(error, ImageError::NotAnImage { seems: "a PDF document" });
}

#[test]
fn a_truncated_png_is_refused_as_damaged() {
    let whole = encode(&noise(300, 300, 3), ImageFormat::Png);
    let error = prepare_avatar(&whole[..whole.len() / 2], AvatarTarget::Clawgram).unwrap_err();
    assert!(matches!(error, ImageError::Corrupted { format: "PNG", .. }), "{error:?}");
    assert!(error.to_string().starts_with("The PNG image is damaged or incomplete"), "{error}");
}

#[test]
fn bmp_svg_and_heic_are_refused_by_name() {
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
    let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic";
    for (upload, format) in [(bmp(), "BMP"), (svg.to_vec(), "SVG"), (heic.to_vec(), "HEIC")] {
        let error = prepare_avatar(&upload, AvatarTarget::Clawgram).unwrap_err();
        assert_eq!(error, ImageError::Unsupported { format });
        assert_eq!(
            error.to_string(),
            format!("{format} images are not supported; use a PNG, JPEG, WebP or GIF image.")
        );
    }
}

#[test]
fn an_empty_upload_is_refused() {
    assert_eq!(prepare_avatar(&[], AvatarTarget::Clawtter).unwrap_err(), ImageError::Empty);
}

#[test]
fn an_upload_over_25_megabytes_is_refused_before_decoding() {
    let mut upload = encode(&gradient(8, 8), ImageFormat::Png);
    upload.resize(30_000_000, 0);
    let error = prepare_post_image(&upload, PostImageTarget::Clawgram).unwrap_err();
    assert_eq!(error, ImageError::InputTooLarge { size: 30_000_000, max: 25_000_000 });
    assert_eq!(error.to_string(), "The file is 30.0 MB; the largest upload accepted is 25.0 MB.");
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let bomb = png_claiming(100_000, 100_000);
    assert!(bomb.len() < 100);
    let error = prepare_avatar(&bomb, AvatarTarget::Clawgram).unwrap_err();
    assert_eq!(error, ImageError::TooManyPixels { width: 100_000, height: 100_000 });
    assert!(error.to_string().contains("100000 × 100000 pixels"), "{error}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_large_conversion_leaves_the_only_async_worker_free_to_serve() {
    let upload = encode(&gradient(3000, 2000), ImageFormat::Png);
    let tick = std::time::Duration::from_millis(5);
    let started = std::time::Instant::now();
    let conversion = tokio::spawn(prepare_avatar_off_the_workers(upload, AvatarTarget::Clawgram));
    // Stands for the other requests: it runs only while the one worker thread is free.
    let (mut last, mut longest_gap) = (started, std::time::Duration::ZERO);
    while !conversion.is_finished() {
        tokio::time::sleep(tick).await;
        longest_gap = longest_gap.max(last.elapsed());
        last = std::time::Instant::now();
    }
    let prepared = conversion.await.unwrap().unwrap();
    let took = started.elapsed();
    assert!(prepared.width <= 1024 && prepared.height <= 1024);
    assert!(took > tick * 10, "the conversion took long enough to tell: {took:?}");
    assert!(longest_gap * 4 < took, "the worker was held for {longest_gap:?} of a {took:?} conversion");
}
