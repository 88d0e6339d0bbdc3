function Select-PgPlanOperation {
    <#
    .SYNOPSIS
        A plan reduced to the operations of the given kinds (steps kept aligned), for the
        single-purpose cmdlets that perform one part of the installation.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Plan,

        [Parameter(Mandatory = $true)]
        [string[]]
        $Kind
    )

    $operations = @()
    $steps = @()
    for ($i = 0; $i -lt $Plan.Operations.Count; $i++) {
        if ($Kind -contains $Plan.Operations[$i].kind) {
            $operations += $Plan.Operations[$i]
            $steps += $Plan.Steps[$i]
        }
    }
    return [pscustomobject]@{
        Title      = $Plan.Title
        Operations = $operations
        Steps      = $steps
        Notes      = @()
    }
}
