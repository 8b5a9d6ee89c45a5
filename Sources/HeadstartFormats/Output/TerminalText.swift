/// Text that came from a plan, a catalog or the daemon, made safe to print on a terminal:
/// control characters (C0 but tab, DEL, C1) are shown as escapes instead of acting, so an
/// `owner: "\e]0;pwned\a"` cannot retitle, recolour or rewrite an administrator's terminal.
/// JSON output does not need this: JSON escapes them itself.
public enum TerminalText {
    /// `text` with its control characters made visible: `\e` for ESC, `\r`, `\n`, and `\xHH`
    /// for the others. With `keepNewlines`, line feeds stay (for whole documents of our own layout).
    public static func visible(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepNewlines: keepNewlines) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepNewlines: keepNewlines) else {
                out.append(scalar)
                continue
            }
            let escaped: String
            switch scalar.value {
            case 0x1B: escaped = "\\e"
            case 0x0A: escaped = "\\n"
            case 0x0D: escaped = "\\r"
            default: escaped = "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }

    /// Whether `text` holds a character ``visible(_:keepNewlines:)`` would escape.
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { needsEscape($0, keepNewlines: false) }
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x0A: return !keepNewlines
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}
