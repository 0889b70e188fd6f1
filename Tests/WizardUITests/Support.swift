import ConnectorKit
import WizardUI
import XCTest

/// A file probe with no files: the icon rule sees what a test puts here.
struct FakeFiles: FileProbe {
    var files: [String: (size: Int, head: [UInt8])] = [:]
    func probe(_ path: String) -> (size: Int, head: [UInt8])? { files[path] }
}

/// A new connector's wizard at 80×24, with no files around it.
func newWizard(width: Int = 80, height: Int = 24, folder: String = "/tmp/cw-never-written") -> WizardState {
    WizardState(document: .new(in: folder), width: width, height: height, files: FakeFiles())
}

extension WizardState {
    /// Presses keys one after another, running saves the reducer asks for.
    @discardableResult
    mutating func press(_ keys: Key..., newID: @escaping () -> String = { "0123456789abcdef" }) -> [Effect] {
        var all: [Effect] = []
        for key in keys {
            var effects = handle(key)
            while !effects.isEmpty {
                let e = effects.removeFirst()
                all.append(e)
                if case .save(let request) = e { effects += finishSave(request.perform(files: files, newID: newID)) }
                if case .reload(let folder) = e { finishReload(Result { () throws(ConnectorReadError) in try ConnectorDocument.open(folder) }) }
            }
        }
        return all
    }

    mutating func type(_ text: String) {
        for c in text { press(.char(c)) }
    }

    var screen: String { Renderer.render(self).text }
}
