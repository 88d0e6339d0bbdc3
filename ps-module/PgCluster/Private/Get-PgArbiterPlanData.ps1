function Get-PgArbiterPlanData {
    <#
    .SYNOPSIS
        Asks mc_arbiter for the Windows plan of the arbiter's service (mc_arbiter plan) and returns
        it (title, operations, steps with their undo policy, notes).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $ServiceName,

        [Parameter(Mandatory = $true)]
        [string]
        $Account,

        [Parameter()]
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode = 'Auto'
    )

    $arguments = @('plan', '-M', $ConfigPath, '--target', 'windows', '--account', $Account, '--start-type', $StartMode.ToLowerInvariant())
    if ($ServiceName) {
        $arguments += @('--service-name', $ServiceName)
    }
    $answer = Invoke-PgNodeTool -Tool mc_arbiter -ArgumentList $arguments
    return [pscustomobject]@{
        Title      = $answer.plan.title
        Operations = @($answer.plan.operations)
        Steps      = @($answer.steps)
        Notes      = @($answer.plan.notes)
    }
}
