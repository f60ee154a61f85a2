// libFuzzer target for the cron parser: whatever a user types into "schedule": {"cron": …},
// CronExpression::parse returns, an error names the field (or the field count), and an
// expression that parses gives fire times that match it, move forward and stay in range.
// Build with Clang and -DEBB_FUZZ=ON; fuzz_cron_corpus replays the seeds with any compiler.
#include "models/schedule/CronExpression.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void broken(const char* what, const QString& text)
{
    std::fprintf(stderr, "fuzz_cron: %s\n  input: %s\n", what, text.toUtf8().constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto parsed = Ebb::CronExpression::parse(text);
    if (!parsed) {
        static const QRegularExpression shape(
            QStringLiteral("^cron(: expected 5 fields, found \\d+| field [1-5] \\((minute|hour|day of "
                           "month|month|day of week)\\): .+)$"),
            QRegularExpression::DotMatchesEverythingOption);
        if (!shape.match(parsed.error().message).hasMatch())
            broken("an error message that names no field", text);
        return 0;
    }
    const auto again = Ebb::CronExpression::parse(parsed->text());
    if (!again)
        broken("text() of a parsed expression does not parse", text);

    const QDateTime start(QDate(2024, 2, 28), QTime(23, 58, 30), Qt::UTC);
    if (parsed->neverFires() && parsed->next(start).isValid())
        broken("an expression that never fires fired", text);
    QDateTime after = start;
    for (int i = 0; i < 4; ++i) {
        const QDateTime next = parsed->next(after);
        if (!next.isValid())
            return 0; // nothing within five years: "0 0 30 2 *", or a rare one such as "0 0 29 2 */7"
        if (next <= after || next > after.addYears(5))
            broken("next() is not after its argument, or too far", text);
        if (next.time().second() != 0 || next.time().msec() != 0 || next.timeSpec() != Qt::UTC)
            broken("next() is not a whole UTC minute", text);
        if (!parsed->matches(next))
            broken("next() returned a time the expression does not match", text);
        if (again->next(after) != next)
            broken("the re-parsed text() fires at another time", text);
        after = next;
    }
    return 0;
}
