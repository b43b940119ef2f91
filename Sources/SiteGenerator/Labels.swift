/// Interface strings in each supported language, offered to templates as `labels.<key>`.
/// Every language has every key (a test checks), so a template never prints an empty heading.
public enum Labels {
    public static func table(for language: InterfaceLanguage) -> [String: String] {
        switch language {
        case .en: english
        case .ko: korean
        }
    }

    static let english: [String: String] = [
        "allNotes": "All notes",
        "backlinks": "Backlinks",
        "builtWith": "Built with notegraph",
        "contents": "Contents",
        "created": "Created",
        "feed": "Feed",
        "home": "Home",
        "noBacklinks": "No notes link here yet.",
        "noNotes": "No notes yet.",
        "noOutgoing": "This note links to no other notes.",
        "notFound": "Page not found",
        "notFoundHint": "The page you asked for does not exist, or it has moved.",
        "notesTagged": "Notes tagged",
        "outgoing": "Outgoing links",
        "recent": "Recent",
        "skipToContent": "Skip to content",
        "tags": "Tags",
        "toHome": "Go to the home page",
        "topLevel": "Top level",
        "undated": "Undated",
        "updated": "Updated",
    ]

    static let korean: [String: String] = [
        "allNotes": "전체 노트",
        "backlinks": "백링크",
        "builtWith": "notegraph로 만들었습니다",
        "contents": "목차",
        "created": "작성",
        "feed": "피드",
        "home": "홈",
        "noBacklinks": "아직 이 노트를 가리키는 노트가 없습니다.",
        "noNotes": "아직 노트가 없습니다.",
        "noOutgoing": "이 노트는 다른 노트로 연결되지 않습니다.",
        "notFound": "페이지를 찾을 수 없습니다",
        "notFoundHint": "요청한 페이지가 없거나 다른 곳으로 옮겨졌습니다.",
        "notesTagged": "태그가 달린 노트",
        "outgoing": "나가는 링크",
        "recent": "최근 노트",
        "skipToContent": "본문으로 건너뛰기",
        "tags": "태그",
        "toHome": "홈으로 가기",
        "topLevel": "최상위",
        "undated": "날짜 없음",
        "updated": "수정",
    ]
}
