function Test-PgClusterRoleSql {
    <#
    .SYNOPSIS
        The SQL health check of a role: connects where clients do and runs SELECT 1 through the
        Node helper (pgcluster probe). Returns one PgCluster.PlanStep, Outcome connected or
        failed; a failure is a finding, not an error, so a scheduled check can report it.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [int] $Port,
        [Parameter()] [AllowEmptyString()] [string] $HostName,
        [Parameter()] [AllowEmptyString()] [string] $AccessPointName,
        [Parameter()] [System.Management.Automation.PSCredential] $Credential = [System.Management.Automation.PSCredential]::Empty,
        [Parameter()] [int] $TimeoutSeconds = 10,
        [Parameter()] [int] $Step = 1
    )

    $target = $HostName
    if (-not $target) {
        $target = $AccessPointName
    }
    if (-not $target) {
        # No access point: clients reach the role on the node that owns it.
        $group = Get-ClusterGroup -Name $Name -ErrorAction SilentlyContinue
        if ($group) {
            $target = "$($group.OwnerNode)"
        }
    }
    $environment = ConvertTo-PgProbeEnvironment -Credential $Credential
    $outcome = 'failed'
    if (-not $target) {
        $detail = "role '$Name' has no owner node to connect to"
    }
    else {
        try {
            $answer = Invoke-PgNodeTool -Tool pgcluster -Environment $environment `
                -ArgumentList @('probe', '--host', "${target}:$Port", '--timeout', "$TimeoutSeconds")
            $outcome = 'connected'
            $detail = "SELECT 1 on ${target}:$Port answered in $($answer.seconds) s"
        }
        catch {
            $detail = "SELECT 1 on ${target}:$Port failed: $($_.Exception.Message)"
        }
    }
    [pscustomobject]@{
        PSTypeName = 'PgCluster.PlanStep'
        Step       = $Step
        Kind       = 'wsfc.probe'
        Target     = "${target}:$Port"
        Action     = 'probe'
        Before     = $null
        Outcome    = $outcome
        Detail     = $detail
    }
}
