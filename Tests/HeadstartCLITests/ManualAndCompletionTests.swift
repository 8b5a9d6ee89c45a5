import Foundation
import Testing

/// The man page in Deploy/ and the completion scripts follow the command definitions.
@Suite struct ManualAndCompletionTests {
    /// Every subcommand and every long option, from the parser's own description of the tool.
    static func commandsAndOptions() throws -> (commands: [String], options: Set<String>) {
        let run = try CLI.run(["--experimental-dump-help"])
        try #require(run.status == 0)
        let root = try #require((try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any])?["command"] as? [String: Any])
        var commands: [String] = []
        var options: Set<String> = []
        func walk(_ command: [String: Any], top: Bool) {
            if !top, command["shouldDisplay"] as? Bool ?? true, let name = command["commandName"] as? String { commands.append(name) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
                for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                    if let n = name["name"] as? String { options.insert(n) }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, top: false) }
        }
        walk(root, top: true)
        return (commands, options)
    }

    /// The first cells of the README's tables under `## heading`.
    static func readmeKeys(_ heading: String) throws -> [String] {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## \(heading)\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        return section.split(separator: "\n").filter {
            $0.hasPrefix("| ") && !$0.hasPrefix("| code |") && !$0.hasPrefix("| variable |") && !$0.hasPrefix("| file |")
        }
        .compactMap { $0.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") } }
    }

    /// EXIT STATUS, ENVIRONMENT and FILES come from the README's tables, and the page has no
    /// empty input line (mdoc warned of one; EXIT STATUS said only ">0 if an error occurs").
    @Test func theManPageSaysTheREADMEsExitCodesEnvironmentAndFiles() throws {
        let page = try String(contentsOf: CLI.root.appendingPathComponent("Deploy/headstart.1"), encoding: .utf8)
        let codes = try Self.readmeKeys("Exit codes")
        let more = try Self.readmeKeys("Files and environment")
        #expect(codes.count == 14 && more.count == 9, "\(codes) \(more)")
        for section in [".Sh \"EXIT STATUS\"", ".Sh ENVIRONMENT", ".Sh FILES"] {
            #expect(page.contains(section + "\n"), "no \(section): run make man")
        }
        for key in codes + more { #expect(page.contains(".It \(key)\n"), "the man page lacks \(key): run make man") }
        #expect(!page.contains(".Ex -std"))
        #expect(!page.split(separator: "\n", omittingEmptySubsequences: false).dropLast().contains(""), "an empty input line")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let run = try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/man"), ["-l", CLI.root.appendingPathComponent("Deploy/headstart.1").path])
            #expect(!run.stderr.contains("warning"), Comment(rawValue: run.stderr))
        } else {
            print("not checked: man is not installed, so the page's warnings are not read")
        }
    }

    @Test func theManPageHasEveryCommandAndOption() throws {
        let page = String(decoding: try Data(contentsOf: CLI.root.appendingPathComponent("Deploy/headstart.1")), as: UTF8.self)
        let (commands, options) = try Self.commandsAndOptions()
        #expect(commands.contains("validate") && commands.contains("serve"))
        for command in commands {
            #expect(page.contains(".It Em \(command)\n"), "Deploy/headstart.1 lacks the command \(command): run make man")
        }
        for option in options.sorted() {
            // An option with a short name too is listed as `Fl o , -output`.
            #expect(page.contains("Fl -\(option)") || page.contains(" , -\(option) "), "Deploy/headstart.1 lacks --\(option): run make man")
        }
    }

    @Test func completionScriptsNameEveryCommand() throws {
        let (commands, _) = try Self.commandsAndOptions()
        for shell in ["bash", "zsh", "fish"] {
            let run = try CLI.run(["--generate-completion-script", shell])
            #expect(run.status == 0, "\(shell)")
            for command in commands where !command.contains(" ") {
                #expect(run.stdout.contains(command), "the \(shell) completion lacks \(command)")
            }
        }
        // The bash script must at least parse.
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-completion-\(UUID().uuidString).bash")
        defer { try? FileManager.default.removeItem(at: script) }
        try Data(try CLI.run(["--generate-completion-script", "bash"]).stdoutBytes).write(to: script)
        let bash = try CLI.runExecutable(URL(fileURLWithPath: "/bin/bash"), ["-n", script.path])
        #expect(bash.status == 0, "\(bash.stderr)")
    }
}
