//! A user's program, built by `scripts/consumer-check` outside this
//! repository against the packaged crate (no INTERCOM_OPENAPI_DIR, offline).
//! It serves a tiny Intercom on 127.0.0.1 itself, then identifies the admin
//! and streams three pages of contacts through the crate. Exit 0 = it works.

use futures::TryStreamExt;
use intercom_api::v2_14::Client;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn answer(path: &str) -> String {
    let (status, body) = body(path);
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn body(path: &str) -> (&'static str, String) {
    let contact = |n: u32| {
        format!(r#"{{"type":"contact","id":"c{n}","role":"user","email":"person{n}@example.com"}}"#)
    };
    let body = if path == "/me" {
        r#"{"type":"admin","id":"991","name":"Ada","email":"ada@example.com"}"#.to_string()
    } else if path.starts_with("/contacts") {
        // Page 1 (no cursor): c1,c2 → page2; page2: c3,c4 → page3; page3: c5.
        let page = if path.contains("starting_after=page3") {
            3
        } else if path.contains("starting_after=page2") {
            2
        } else {
            1
        };
        let ids: Vec<u32> = match page {
            1 => vec![1, 2],
            2 => vec![3, 4],
            _ => vec![5],
        };
        let data: Vec<String> = ids.into_iter().map(contact).collect();
        let next = if page < 3 {
            format!(r#","next":{{"per_page":2,"starting_after":"page{}"}}"#, page + 1)
        } else {
            String::new()
        };
        format!(
            r#"{{"type":"list","data":[{}],"total_count":5,"pages":{{"type":"pages","page":{page},"per_page":2,"total_pages":3{next}}}}}"#,
            data.join(",")
        )
    } else {
        let error = r#"{"type":"error.list","errors":[{"code":"not_found","message":"no such path"}]}"#;
        return ("404 Not Found", error.to_string());
    };
    ("200 OK", body)
}

fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut stream = stream;
            let _ = stream.write_all(answer(&path).as_bytes());
        }
    });
    format!("http://{addr}")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .token("consumer-token")
        .base_url(serve())
        .build()?;
    let me = client.identify_admin().send().await?.into_inner();
    println!("admin: {:?} <{:?}>", me.name, me.email);
    let contacts: Vec<_> = client
        .list_contacts()
        .per_page(2)
        .stream()
        .try_collect()
        .await?;
    let emails: Vec<_> = contacts.iter().filter_map(|c| c.email.clone()).collect();
    println!("contacts: {} over 3 pages: {emails:?}", contacts.len());
    if me.name.as_deref() != Some("Ada") || contacts.len() != 5 {
        return Err("unexpected answers".into());
    }
    println!("consumer: ok (Intercom-Version {})", intercom_api::v2_14::API_VERSION);
    Ok(())
}
