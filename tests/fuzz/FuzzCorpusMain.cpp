// Replays a fuzz target's seed corpus as an ordinary test, so every build (GCC included)
// runs the inputs that once mattered. Usage: <driver> [corpus-dir]
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <cstddef>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv)
{
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(EBB_FUZZ_CORPUS);
    int inputs = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
            return 1;
        }
        const QByteArray bytes = file.readAll();
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
        ++inputs;
    }
    // An empty or missing corpus would pass silently and test nothing.
    if (inputs == 0) {
        std::fprintf(stderr, "no corpus files in %s\n", qPrintable(dir));
        return 1;
    }
    std::printf("%d corpus inputs from %s: no crash\n", inputs, qPrintable(dir));
    return 0;
}
