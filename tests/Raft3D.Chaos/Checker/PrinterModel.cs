using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// One printer id as a register written once: CreatePrinter answers 201 and stores its
/// company when the id is free, 409 (taken) otherwise; ReadPrinter answers 404 or the
/// stored printer.
/// </summary>
public sealed class PrinterModel : IModel<PrinterState>
{
    public PrinterState Initial => new(null);

    public bool Step(PrinterState state, Operation op, out PrinterState next)
    {
        next = state;
        var known = op.IsOk;
        switch (op.Kind)
        {
            case OpKind.CreatePrinter:
                if (state.Company is null)
                {
                    next = new PrinterState(op.Company);
                    return !known || op.Http == 201 && (op.Printer is null || op.Printer.Company == op.Company);
                }
                return !known || op.Http == 409 && op.Error == "taken";
            case OpKind.ReadPrinter:
                if (!known) return true;
                return state.Company is null
                    ? op.Http == 404
                    : op.Http == 200 && op.Printer?.Company == state.Company;
            default:
                throw new ArgumentException($"a printer key holds no {op.Kind}: {op}");
        }
    }

    public string Describe(PrinterState state) => state.Company is null ? "absent" : $"company={state.Company}";
}
