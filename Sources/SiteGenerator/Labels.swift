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
        "aliases": "Also called",
        "allNotes": "All notes",
        "backlinks": "Backlinks",
        "builtWith": "Built with notegraph",
        "conceptLinks": "Linked from",
        "concepts": "Concepts",
        "conceptsLead": "Every idea the notes define or talk about, with where.",
        "contents": "Contents",
        "created": "Created",
        "definitions": "Definitions",
        "feed": "Feed",
        "graph": "Graph",
        "home": "Home",
        "mentionCount": "Mentions in this note",
        "moreNotes": "more notes",
        "noBacklinks": "No notes link here yet.",
        "noConcepts": "No concepts yet.",
        "noDefinitions": "No note defines this concept yet; it comes from the glossary.",
        "noNotes": "No notes yet.",
        "noOutgoing": "This note links to no other notes.",
        "notFound": "Page not found",
        "notFoundHint": "The page you asked for does not exist, or it has moved.",
        "notes": "Notes",
        "notesTagged": "Notes tagged",
        "outgoing": "Outgoing links",
        "recent": "Recent",
        "relatedConcepts": "Related concepts",
        "skipToContent": "Skip to content",
        "tags": "Tags",
        "toHome": "Go to the home page",
        "topLevel": "Top level",
        "undated": "Undated",
        "unlinkedMentions": "Unlinked mentions",
        "updated": "Updated",
    ]

    static let korean: [String: String] = [
        "aliases": "다른 이름",
        "allNotes": "전체 노트",
        "backlinks": "백링크",
        "builtWith": "notegraph로 만들었습니다",
        "conceptLinks": "링크한 노트",
        "concepts": "개념",
        "conceptsLead": "노트가 정의하거나 언급하는 모든 개념과 그 위치.",
        "contents": "목차",
        "created": "작성",
        "definitions": "정의",
        "feed": "피드",
        "graph": "그래프",
        "home": "홈",
        "mentionCount": "이 노트에서 언급된 횟수",
        "moreNotes": "개 노트 더",
        "noBacklinks": "아직 이 노트를 가리키는 노트가 없습니다.",
        "noConcepts": "아직 개념이 없습니다.",
        "noDefinitions": "이 개념을 정의한 노트는 아직 없습니다. 용어집에서 온 개념입니다.",
        "noNotes": "아직 노트가 없습니다.",
        "noOutgoing": "이 노트는 다른 노트로 연결되지 않습니다.",
        "notFound": "페이지를 찾을 수 없습니다",
        "notFoundHint": "요청한 페이지가 없거나 다른 곳으로 옮겨졌습니다.",
        "notes": "노트",
        "notesTagged": "태그가 달린 노트",
        "outgoing": "나가는 링크",
        "recent": "최근 노트",
        "relatedConcepts": "관련 개념",
        "skipToContent": "본문으로 건너뛰기",
        "tags": "태그",
        "toHome": "홈으로 가기",
        "topLevel": "최상위",
        "undated": "날짜 없음",
        "unlinkedMentions": "링크 없이 언급한 노트",
        "updated": "수정",
    ]
}
