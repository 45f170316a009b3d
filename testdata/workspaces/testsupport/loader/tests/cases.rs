#[tokio::test]
async fn loads() {
    assert!(!loader::load_case(std::path::Path::new("x")).await.is_empty());
}
