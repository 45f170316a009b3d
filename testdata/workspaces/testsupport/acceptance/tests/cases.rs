#[tokio::test]
async fn loads() {
    assert!(!acceptance::load_case(std::path::Path::new("x")).await.is_empty());
}
