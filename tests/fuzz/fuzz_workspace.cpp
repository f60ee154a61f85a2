// libFuzzer target for the workspace loader: a sync file and a connection file as anyone may
// commit them. Whatever the bytes, WorkspaceLoader::load returns a workspace or problems that
// name a file; it never crashes. The input is split at the first NUL: connection, then sync.
#include "app/workspace/WorkspaceLoader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void write(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static QTemporaryDir dir;
    static const bool made = QDir().mkpath(dir.filePath(QStringLiteral("connections")))
        && QDir().mkpath(dir.filePath(QStringLiteral("syncs")));
    if (!made)
        std::abort();
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const qsizetype split = input.indexOf('\0');
    write(dir.filePath(QStringLiteral("ebb.json")), R"({"version": 1, "name": "fuzz"})");
    write(dir.filePath(QStringLiteral("connections/c.json")),
        split < 0 ? R"({"kind": "sqlite", "path": "w.sqlite"})" : input.left(split));
    write(dir.filePath(QStringLiteral("syncs/s.json")), split < 0 ? input : input.mid(split + 1));
    const auto loaded = Ebb::WorkspaceLoader::load(dir.path());
    if (!loaded && loaded.error().toString().isEmpty()) {
        std::fprintf(stderr, "fuzz_workspace: a problem without words\n");
        std::abort();
    }
    return 0;
}
