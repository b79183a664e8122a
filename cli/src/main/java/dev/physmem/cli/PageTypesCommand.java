package dev.physmem.cli;

import dev.physmem.cli.source.LiveSource;
import dev.physmem.cli.source.Moment;
import dev.physmem.cli.source.ProcSnapshot;
import dev.physmem.cli.source.Source;
import dev.physmem.cli.source.Sources;
import dev.physmem.model.proc.PageTypes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** physmem page-types SOURCE: pages per combination of flags, in tools/mm/page-types' layout. */
@Command(name = "page-types", header = "Pages per combination of page flags, as tools/mm/page-types prints them.",
        mixinStandardHelpOptions = true,
        description = "Pages per combination of page flags (KPF_*), as the kernel's tools/mm/page-types prints them.")
final class PageTypesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Mixin
    AtOption at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Moment moment = at.moment();
        try (Source src = Sources.open(source)) {
            String text;
            if (src instanceof LiveSource) {
                text = ((LiveSource) src).jvm().proc("page-types");
            } else {
                ProcSnapshot s = src.at(moment);
                if (s.pageTypes() == null) {
                    throw new CliException(src.describe() + " has no page-types snapshot at " + moment
                            + " (the default settings record one every 5 s and at the end)");
                }
                text = PageTypes.render(s.pageTypes());
            }
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
