using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm;

/// <summary>PATCH and DELETE of printers and filaments (SPEC §3), checked in log order like every rule.</summary>
public sealed partial class PrintFarmState
{
    private FarmResult Apply(UpdatePrinter command, long index)
    {
        var errors = new List<FieldError>();
        if (command.Company is null && command.Model is null)
            errors.Add(new FieldError("company", "or model is required: a PATCH changes company, model or both"));
        if (command.Company is not null) CheckText(command.Company, "company", "the maker, e.g. Prusa", errors);
        if (command.Model is not null) CheckText(command.Model, "model", "the model, e.g. MK4", errors);
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (command.Id is null || !_printers.TryFind(command.Id, out var position))
            return new FarmResult.NotFound($"printer '{command.Id}' does not exist");

        var printer = _printers.At(position);
        if (Moved("printer", printer.Id, printer.Version, command.ExpectedVersion) is { } moved) return moved;
        var updated = printer with
        {
            Company = command.Company?.Trim() ?? printer.Company,
            Model = command.Model?.Trim() ?? printer.Model,
            Version = index,
        };
        _printers.Replace(position, updated);
        return new FarmResult.Updated(updated);
    }

    private FarmResult Apply(UpdateFilament command, long index)
    {
        var errors = new List<FieldError>();
        if (command.Color is null && command.RemainingWeightInGrams is null)
            errors.Add(new FieldError("color", "or remaining_weight_in_grams is required: a PATCH changes color, remaining_weight_in_grams or both"));
        if (command.Color is not null) CheckText(command.Color, "color", "the colour, e.g. red", errors);
        if (command.RemainingWeightInGrams < 0)
            errors.Add(new FieldError("remaining_weight_in_grams", $"must be a whole number of grams from 0, not {command.RemainingWeightInGrams}"));
        if (errors.Count > 0) return new FarmResult.Invalid(errors);
        if (command.Id is null || !_filaments.TryFind(command.Id, out var position))
            return new FarmResult.NotFound($"filament '{command.Id}' does not exist");

        var filament = _filaments.At(position);
        if (Moved("filament", filament.Id, filament.Version, command.ExpectedVersion) is { } moved) return moved;
        var remaining = command.RemainingWeightInGrams ?? filament.RemainingWeightInGrams;
        if (remaining > filament.TotalWeightInGrams)
        {
            return new FarmResult.Invalid([new FieldError("remaining_weight_in_grams",
                $"must be at most the spool's total weight {filament.TotalWeightInGrams}, not {remaining}")]);
        }
        if (remaining < filament.ReservedWeightInGrams)
        {
            return new FarmResult.Conflict(
                $"filament '{filament.Id}' has {filament.ReservedWeightInGrams} g reserved by queued and running jobs; " +
                $"its remaining weight cannot drop to {remaining} g (cancel jobs first)");
        }
        var updated = filament with { Color = command.Color?.Trim() ?? filament.Color, RemainingWeightInGrams = remaining, Version = index };
        _filaments.Replace(position, updated);
        return new FarmResult.Updated(updated);
    }

    private FarmResult Apply(DeletePrinter command)
    {
        if (command.Id is null || !_printers.TryFind(command.Id, out var position))
            return new FarmResult.NotFound($"printer '{command.Id}' does not exist");
        var printer = _printers.At(position);
        if (Moved("printer", printer.Id, printer.Version, command.ExpectedVersion) is { } moved) return moved;
        if (_jobIndex.ActiveOnPrinter(printer.Id) is var active and > 0)
            return new FarmResult.Conflict($"printer '{printer.Id}' has {active} queued or running print jobs; cancel them or let them finish first");
        _printers.Remove(position);
        return new FarmResult.Deleted(printer);
    }

    private FarmResult Apply(DeleteFilament command)
    {
        if (command.Id is null || !_filaments.TryFind(command.Id, out var position))
            return new FarmResult.NotFound($"filament '{command.Id}' does not exist");
        var filament = _filaments.At(position);
        if (Moved("filament", filament.Id, filament.Version, command.ExpectedVersion) is { } moved) return moved;
        if (_jobIndex.ActiveOnFilament(filament.Id) is var active and > 0)
            return new FarmResult.Conflict($"filament '{filament.Id}' has {active} queued or running print jobs; cancel them or let them finish first");
        _filaments.Remove(position);
        return new FarmResult.Deleted(filament);
    }
}
