//! Multipart forms (Preview's catalog upload): the body is sent as built,
//! with `multipart/form-data` and its boundary.

use intercom_api::Multipart;

#[test]
fn a_form_is_well_formed() {
    let form = Multipart::new().text("finalize", "false").file(
        "catalog",
        "catalog.json",
        "application/json",
        b"[1]".to_vec(),
    );
    let boundary = form.boundary().to_string();
    let body = String::from_utf8(form.into_bytes()).unwrap();
    assert_eq!(
        body,
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"finalize\"\r\n\r\nfalse\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"catalog\"; filename=\"catalog.json\"\r\nContent-Type: application/json\r\n\r\n[1]\r\n\
             --{boundary}--\r\n"
        )
    );
    assert_ne!(Multipart::new().boundary(), Multipart::new().boundary());
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn the_catalog_upload_is_sent_as_a_form() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ecommerce/connectors/c1/catalog"))
        .respond_with(ResponseTemplate::new(202).set_body_json(serde_json::json!({
            "import_job_id": "job_1", "status": "processing", "message": "Catalog received."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = intercom_api::preview::Client::builder()
        .token("t")
        .base_url(server.uri())
        .build()
        .unwrap();
    let form = Multipart::new().file("catalog", "c.json", "application/json", b"[]".to_vec());
    let boundary = form.boundary().to_string();
    let body = form.into_bytes();
    client
        .upload_ecommerce_catalog()
        .id("c1")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        sent.headers.get("content-type").unwrap().to_str().unwrap(),
        format!("multipart/form-data; boundary={boundary}")
    );
    assert_eq!(sent.body, body);
}
