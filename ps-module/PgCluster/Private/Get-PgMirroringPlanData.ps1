function Get-PgMirroringPlanData {
    <#
    .SYNOPSIS
        Asks the Node helper for the Windows installation plan of one server and returns it
        (title, operations, steps with their undo policy, notes).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $LocalServer,

        [Parameter(Mandatory = $true)]
        [string]
        $Account,

        [Parameter()]
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode = 'Demand',

        [Parameter()]
        [switch]
        $Failover,

        [Parameter()]
        [string]
        $PgBinPath
    )

    $arguments = @('plan', '-M', $ConfigPath, '--target', 'windows', '--account', $Account, '--start-type', $StartMode.ToLowerInvariant())
    if ($LocalServer) {
        $arguments += @('--local-server', $LocalServer)
    }
    if ($Failover) {
        $arguments += '-f'
    }
    if ($PgBinPath) {
        $arguments += @('--pg-bin', $PgBinPath)
    }
    $answer = Invoke-PgNodeTool -Tool pgcluster -ArgumentList $arguments
    return [pscustomobject]@{
        Title      = $answer.plan.title
        Operations = @($answer.plan.operations)
        Steps      = @($answer.steps)
        Notes      = @($answer.plan.notes)
    }
}
