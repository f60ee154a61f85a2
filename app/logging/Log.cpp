#include "Log.h"

#include "app/workspace/PrivateState.h"

#include "BridgeSink.h"
#include "LogBridge.h"
#include "RedactingSink.h"

#include <QDir>

#include <cstdio>
#include <unistd.h>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace Ebb {

namespace {

std::shared_ptr<RedactingSink>& redactor()
{
    static std::shared_ptr<RedactingSink> instance;
    return instance;
}

QtMessageHandler& previousHandler()
{
    static QtMessageHandler instance = nullptr;
    return instance;
}

// The GUI's bridge survives a re-init (opening another workspace moves the log file).
LogBridge*& bridge()
{
    static LogBridge* instance = nullptr;
    return instance;
}

spdlog::sink_ptr bridgeSink(LogBridge* target)
{
    auto sink = std::make_shared<BridgeSink>(target);
    sink->set_pattern("%H:%M:%S [%l] %v");
    return sink;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const auto level = [type] {
        switch (type) {
        case QtDebugMsg: return spdlog::level::debug;
        case QtInfoMsg: return spdlog::level::info;
        case QtWarningMsg: return spdlog::level::warn;
        case QtCriticalMsg: return spdlog::level::err;
        case QtFatalMsg: return spdlog::level::critical;
        }
        return spdlog::level::info;
    }();
    const char* category = context.category ? context.category : "qt";
    Log::logger()->log(level, "[{}] {}", category, message.toStdString());
    if (type == QtFatalMsg) {
        Log::logger()->flush();
        std::abort();
    }
}

} // namespace

void Log::init(const Options& options)
{
    std::vector<spdlog::sink_ptr> sinks;
    if (!options.directory.isEmpty()) {
        // Never through a symbolic link a workspace may have planted in .ebb/logs.
        const QString file = QDir(options.directory).filePath(QStringLiteral("ebb.log"));
        bool privateFiles = bool(PrivateState::ensureFolder(options.directory));
        for (const QString& rotated : {file, QDir(options.directory).filePath(QStringLiteral("ebb.1.log")),
                                       QDir(options.directory).filePath(QStringLiteral("ebb.2.log")),
                                       QDir(options.directory).filePath(QStringLiteral("ebb.3.log"))})
            privateFiles = privateFiles && bool(PrivateState::checkFile(rotated));
        if (auto fd = privateFiles ? PrivateState::openAppend(file) : Result<int>(Error::io(QString()))) {
            ::close(*fd); // created 0600 here, so the sink's fopen never makes it world-readable
            auto rotating = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file.toStdString(), 5 * 1024 * 1024, 3);
            rotating->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%l] [%t] %v");
            sinks.push_back(rotating);
        } else {
            std::fprintf(stderr, "ebb: not logging to %s: it is not a private regular file in a private folder\n",
                         qPrintable(file));
        }
    }
    if (options.toStderr) {
        auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        err->set_level(options.verbose ? spdlog::level::debug : spdlog::level::warn);
        err->set_pattern("%^%l%$: %v");
        sinks.push_back(err);
    }
    redactor() = std::make_shared<RedactingSink>(std::move(sinks));
    if (bridge())
        redactor()->setExtraSink(bridgeSink(bridge()));
    auto logger = std::make_shared<spdlog::logger>("ebb", redactor());
    logger->set_level(options.verbose ? spdlog::level::debug : spdlog::level::info);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(2));
    const QtMessageHandler previous = qInstallMessageHandler(qtMessageHandler);
    if (previous != qtMessageHandler)
        previousHandler() = previous;
}

void Log::attachBridge(LogBridge* target)
{
    bridge() = target;
    if (!redactor())
        init({});
    else
        redactor()->setExtraSink(target ? bridgeSink(target) : nullptr);
}

std::shared_ptr<spdlog::logger> Log::logger()
{
    return spdlog::default_logger();
}

void Log::shutdown()
{
    qInstallMessageHandler(previousHandler());
    previousHandler() = nullptr;
    spdlog::default_logger()->flush();
    // A logger without sinks, not none: a worker thread still logging must not crash.
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("ebb"));
    redactor().reset();
    bridge() = nullptr;
}

} // namespace Ebb
