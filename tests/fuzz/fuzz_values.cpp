// libFuzzer target for the value parsers that read warehouse text: ISO dates and timestamps
// (IsoTime) and exact decimals (Decimal). Whatever the text, they return a value or nothing; a
// parsed decimal's canonical text parses to an equal decimal; a parsed date is valid.
#include "models/IsoTime.h"
#include "models/mapping/Decimal.h"

#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Ebb;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto date = IsoTime::parseDate(text); date && !date->isValid())
        std::abort();
    if (const auto time = IsoTime::parseTimestamp(text); time && !time->isValid())
        std::abort();
    const QString string = QString::fromUtf8(text.data(), qsizetype(text.size()));
    if (const auto decimal = Decimal::parse(string)) {
        const auto again = Decimal::parse(decimal->text);
        if (!again || Decimal::compare(*decimal, *again) != 0) {
            std::fprintf(stderr, "fuzz_values: %s does not read back\n", qPrintable(string));
            std::abort();
        }
    }
    return 0;
}
