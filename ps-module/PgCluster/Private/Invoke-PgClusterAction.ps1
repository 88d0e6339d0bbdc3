function Invoke-PgClusterAction {
    <#
    .SYNOPSIS
        Plans an action on a role that exists: the role as the cluster reports it goes to the
        Node helper (pgcluster wsfc-plan --action), which decides the operations; returns them.
    #>
    [CmdletBinding()]
    [OutputType([object[]])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateSet('remove', 'move', 'maintenance-start', 'maintenance-stop', 'failover-check')]
        [string]
        $Action,

        [Parameter()]
        [string[]]
        $ArgumentList = @()
    )

    $data = Get-PgClusterRoleData -Name $Name
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('pgcluster-state-{0}.json' -f [guid]::NewGuid().ToString('N'))
    # A scratch file for the helper: written even under -WhatIf (Set-Content would honour it).
    [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $data -Depth 6))
    try {
        $answer = Invoke-PgNodeTool -Tool pgcluster -ArgumentList (@('wsfc-plan', '--action', $Action, '--state', $file) + $ArgumentList)
        return , @($answer.plan)
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
}
