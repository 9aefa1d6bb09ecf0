//! Delivering a rotated key into an agent's environment file, in temporary folders.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use clawdesk_core::{deliver_key, Delivery, DeliveryError};
use proptest::prelude::*;
use secrecy::SecretString;

const VARIABLE: &str = "CLAWGRAM_API_KEY";
const NEW_KEY: &str = "claw_test_Zm9vYmFyYmF6cXV4X25ld19rZXlfMDEyMzQ1Njc4OQ";

fn key() -> SecretString {
    SecretString::from(NEW_KEY)
}

fn env_file(dir: &tempfile::TempDir, content: &str, mode: u32) -> PathBuf {
    let path = dir.path().join(".env");
    fs::write(&path, content).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

#[test]
fn only_the_variables_line_changes_and_comments_and_blank_lines_stay() {
    let dir = tempfile::tempdir().unwrap();
    let before = "# OpenClaw agent\n\nOPENAI_API_KEY=sk-unrelated\n\
                  CLAWGRAM_API_KEY=claw_test_old  # rotated monthly\n  \n# end\nTZ=UTC";
    let path = env_file(&dir, before, 0o600);

    let delivery = deliver_key(&path, VARIABLE, &key()).unwrap();

    let after = format!(
        "# OpenClaw agent\n\nOPENAI_API_KEY=sk-unrelated\n\
         CLAWGRAM_API_KEY={NEW_KEY}  # rotated monthly\n  \n# end\nTZ=UTC"
    );
    assert_eq!(read(&path), after);
    assert_eq!(
        delivery,
        Delivery { path, variable: VARIABLE.into(), created: false, replaced: true, tightened_mode: false }
    );
}

#[test]
fn a_missing_variable_is_appended_on_a_line_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = env_file(&dir, "OPENAI_API_KEY=sk-unrelated", 0o600);

    let delivery = deliver_key(&path, VARIABLE, &key()).unwrap();

    assert_eq!(read(&path), format!("OPENAI_API_KEY=sk-unrelated\n{VARIABLE}={NEW_KEY}\n"));
    assert!(!delivery.replaced && !delivery.created);
}

#[test]
fn a_similarly_named_variable_or_a_commented_out_line_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let before = "CLAWGRAM_API_KEY_OLD=keep\n# CLAWGRAM_API_KEY=commented\nMY_CLAWGRAM_API_KEY=keep\n";
    let path = env_file(&dir, before, 0o600);

    deliver_key(&path, VARIABLE, &key()).unwrap();

    assert_eq!(read(&path), format!("{before}{VARIABLE}={NEW_KEY}\n"));
}

#[test]
fn a_missing_file_is_created_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agent.env");

    let delivery = deliver_key(&path, VARIABLE, &key()).unwrap();

    assert_eq!(read(&path), format!("{VARIABLE}={NEW_KEY}\n"));
    assert_eq!(mode(&path), 0o600);
    assert!(delivery.created && !delivery.replaced && !delivery.tightened_mode);
}

#[test]
fn a_file_readable_by_others_is_tightened_to_0600_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = env_file(&dir, "CLAWGRAM_API_KEY=old\n", 0o644);

    let delivery = deliver_key(&path, VARIABLE, &key()).unwrap();

    assert_eq!(mode(&path), 0o600);
    assert!(delivery.tightened_mode);
    assert!(!deliver_key(&path, VARIABLE, &key()).unwrap().tightened_mode, "already private the second time");
}

#[test]
fn the_export_form_and_quoted_values_keep_their_shape() {
    let dir = tempfile::tempdir().unwrap();
    let before =
        "export CLAWGRAM_API_KEY=\"claw_test_old\" # quoted\nOTHER='x'\n\texport  CLAWGRAM_API_KEY = 'old'\r\n";
    let path = env_file(&dir, before, 0o600);

    deliver_key(&path, VARIABLE, &key()).unwrap();

    let after = format!(
        "export CLAWGRAM_API_KEY=\"{NEW_KEY}\" # quoted\nOTHER='x'\n\texport  CLAWGRAM_API_KEY = '{NEW_KEY}'\r\n"
    );
    assert_eq!(read(&path), after);
}

#[test]
fn a_value_over_several_lines_is_refused_and_the_file_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let before = "A=1\nCLAWGRAM_API_KEY=\"first\nsecond\"\n";
    let path = env_file(&dir, before, 0o600);

    let error = deliver_key(&path, VARIABLE, &key()).unwrap_err();

    assert!(matches!(error, DeliveryError::MultiLineValue { line: 2, .. }), "{error:?}");
    assert_eq!(read(&path), before);
}

#[test]
fn a_link_is_never_followed_and_what_it_points_to_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let real = env_file(&dir, "CLAWGRAM_API_KEY=old\n", 0o600);
    let link = dir.path().join("link.env");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let error = deliver_key(&link, VARIABLE, &key()).unwrap_err();
    assert!(matches!(error, DeliveryError::Link { .. }), "{error}");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(read(&real), "CLAWGRAM_API_KEY=old\n");
}

#[test]
fn no_temporary_file_is_left_beside_the_env_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = env_file(&dir, "A=1\n", 0o600);

    deliver_key(&path, VARIABLE, &key()).unwrap();

    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(names, [".env"]);
}

#[test]
fn a_relative_path_is_refused() {
    let error = deliver_key(Path::new("agents/.env"), VARIABLE, &key()).unwrap_err();
    assert!(matches!(error, DeliveryError::RelativePath { .. }), "{error:?}");
    assert!(error.to_string().contains("absolute path"), "{error}");
    assert!(!Path::new("agents/.env").exists());
}

#[test]
fn a_bad_variable_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for variable in ["", "1KEY", "CLAWGRAM-API-KEY", "KEY=", "A B"] {
        let error = deliver_key(&dir.path().join(".env"), variable, &key()).unwrap_err();
        assert!(matches!(error, DeliveryError::InvalidVariable { .. }), "{variable:?}: {error:?}");
    }
    assert!(!dir.path().join(".env").exists());
}

#[test]
fn a_missing_folder_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-yet");

    let error = deliver_key(&missing.join(".env"), VARIABLE, &key()).unwrap_err();

    assert!(matches!(&error, DeliveryError::MissingDirectory { dir } if *dir == missing), "{error:?}");
    assert!(error.to_string().contains("does not exist"), "{error}");
    assert!(!missing.exists());
}

#[test]
fn a_folder_given_as_the_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let error = deliver_key(dir.path(), VARIABLE, &key()).unwrap_err();
    assert!(matches!(error, DeliveryError::NotAFile { .. }), "{error:?}");
}

#[test]
fn a_key_that_would_break_the_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = env_file(&dir, "A=1\n", 0o600);
    for bad in ["two\nlines", "with space", "quote\"d", ""] {
        let error = deliver_key(&path, VARIABLE, &SecretString::from(bad)).unwrap_err();
        assert!(matches!(error, DeliveryError::UnwritableKey), "{error:?}");
    }
    assert_eq!(read(&path), "A=1\n");
}

#[test]
fn no_error_shows_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let multi_line = env_file(&dir, "CLAWGRAM_API_KEY='open\n", 0o600);
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    let failures = [
        deliver_key(Path::new(".env"), VARIABLE, &key()),
        deliver_key(&multi_line, "9", &key()),
        deliver_key(&dir.path().join("missing/.env"), VARIABLE, &key()),
        deliver_key(&folder, VARIABLE, &key()),
        deliver_key(&multi_line, VARIABLE, &key()),
        deliver_key(&multi_line, VARIABLE, &SecretString::from(format!("{NEW_KEY} with a space"))),
    ];
    for failure in failures {
        let error = failure.unwrap_err();
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(NEW_KEY), "the key leaked into {text}");
        }
    }
}

fn other_line() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>().prop_filter("one line", |&b| b != b'\n'), 0..60)
        .prop_filter("not the delivered variable", |line| {
            !line.windows(VARIABLE.len()).any(|w| w == VARIABLE.as_bytes())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_other_line_survives_byte_for_byte(
        before in proptest::collection::vec(other_line(), 0..8),
        after in proptest::collection::vec(other_line(), 0..8),
        old_value in "[A-Za-z0-9_]{0,40}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        let join = |lines: &[Vec<u8>]| lines.iter().flat_map(|line| [&line[..], b"\n"].concat()).collect::<Vec<_>>();
        let content = [join(&before), format!("{VARIABLE}={old_value}\n").into_bytes(), join(&after)].concat();
        fs::write(&path, &content).unwrap();

        let delivery = deliver_key(&path, VARIABLE, &key()).unwrap();

        let expected = [join(&before), format!("{VARIABLE}={NEW_KEY}\n").into_bytes(), join(&after)].concat();
        prop_assert!(delivery.replaced);
        prop_assert_eq!(fs::read(&path).unwrap(), expected);
    }

    #[test]
    fn a_file_without_the_variable_only_gains_it_at_the_end(lines in proptest::collection::vec(other_line(), 1..10)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        let content = lines.join(&b'\n');
        fs::write(&path, &content).unwrap();

        deliver_key(&path, VARIABLE, &key()).unwrap();

        let written = fs::read(&path).unwrap();
        prop_assert!(written.starts_with(&content));
        let added = String::from_utf8_lossy(&written[content.len()..]).into_owned();
        let line = format!("{VARIABLE}={NEW_KEY}");
        let endings = [format!("{line}\n"), format!("\n{line}\n"), format!("{line}\r\n"), format!("\r\n{line}\r\n")];
        prop_assert!(endings.contains(&added), "{:?}", added);
    }
}
