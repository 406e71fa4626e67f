//! The helpful 404: any path bside does not serve gets a page with a search box and the ways back in.

use axum::response::Response;

use super::{PageError, Viewer};

pub(crate) async fn page(viewer: Viewer) -> Response {
    let path = viewer.layout(String::new()).path;
    viewer.respond::<Response>(Err(PageError::not_found(format!(
        "bside has no page at {path}. Look for the artist by name, or start from the home page."
    ))))
}
