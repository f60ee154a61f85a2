// libFuzzer target for the mapping template parser: whatever a user types into a sync file,
// Template::parse returns, and an error always says "template, column N: …".
// Build with Clang and -DEBB_FUZZ=ON; fuzz_template_corpus replays the seeds with any compiler.
#include "models/mapping/Template.h"

#include <QString>
#include <QVariant>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void broken(const char* what, const QString& text)
{
    std::fprintf(stderr, "fuzz_template: %s\n  input: %s\n", what, text.toUtf8().constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto parsed = Ebb::Template::parse(text);
    if (!parsed) {
        const QString message = parsed.error().message;
        if (!message.startsWith(QLatin1String("template, column ")))
            broken("error message without a position", text);
        const int column = message.section(QLatin1Char(' '), 2, 2).chopped(1).toInt();
        if (column < 1 || column > text.size() + 1)
            broken("error column outside the text", text);
        return 0;
    }
    // Every other lookup is NULL, so both the value path and the default path run.
    int lookups = 0;
    const QString out
        = parsed->render([&lookups](const QString& column) { return ++lookups % 2 ? QVariant() : QVariant(column); });
    if (!text.contains(QLatin1String("{{")) && out != text)
        broken("a template without placeholders did not render as itself", text);
    for (const QString& column : parsed->columns()) {
        if (column.isEmpty() || column[0].isDigit())
            broken("parsed a column name that parse() should refuse", text);
    }
    return 0;
}
