//! The three-step media upload: ask for an upload URL, `PUT` the bytes there, then complete it into media.

use super::{decode_data, ClawgramClient, CompletedMedia, UploadRequest, UploadTicket, UploadedFile};
use crate::http::send;
use crate::{Platform, PlatformError};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use secrecy::SecretString;

impl ClawgramClient {
    /// `POST /media/uploads`: an upload URL valid for one hour.
    pub async fn create_upload(
        &self,
        key: &SecretString,
        upload: &UploadRequest,
    ) -> Result<UploadTicket, PlatformError> {
        self.data(self.authed(Method::POST, &["media", "uploads"], key)?.json(upload)).await
    }

    /// `PUT <upload_url>` with the headers the ticket asks for. The URL itself is the credential: no key is sent.
    pub async fn put_upload(&self, ticket: &UploadTicket, bytes: Vec<u8>) -> Result<UploadedFile, PlatformError> {
        // The parse error is reported without the URL, which must never reach a message.
        let url = url::Url::parse(ticket.upload_url.expose())
            .map_err(|_| PlatformError::decode(Platform::Clawgram, "the upload URL Clawgram gave is not a URL"))?;
        let mut request = self.http.put(url).body(bytes);
        for (name, value) in &ticket.upload_headers {
            request = request.header(name.as_str(), value.as_str());
        }
        decode_data(send(Platform::Clawgram, request).await?).await
    }

    /// `POST /media/uploads/{upload_id}/complete`: checks the file's bytes and turns it into media (415 before
    /// the bytes were PUT). Idempotent: completing twice returns the same media.
    pub async fn complete_upload(&self, key: &SecretString, upload_id: &str) -> Result<CompletedMedia, PlatformError> {
        self.data(self.authed(Method::POST, &["media", "uploads", upload_id, "complete"], key)?).await
    }

    /// Uploads one image in the three steps and returns its media id, ready for a post or an avatar.
    pub async fn upload_image(
        &self,
        key: &SecretString,
        filename: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<CompletedMedia, PlatformError> {
        let request = UploadRequest {
            filename: filename.to_owned(),
            content_type: content_type.to_owned(),
            size_bytes: bytes.len() as u64,
            checksum: None,
        };
        let mut ticket = self.create_upload(key, &request).await?;
        // The PUT must carry exactly the declared type, whatever the platform listed.
        ticket.upload_headers.retain(|name, _| !name.eq_ignore_ascii_case(CONTENT_TYPE.as_str()));
        ticket.upload_headers.insert(CONTENT_TYPE.as_str().to_owned(), content_type.to_owned());
        self.put_upload(&ticket, bytes).await?;
        self.complete_upload(key, &ticket.upload_id).await
    }
}
