function Assert-PgClusterGroupOnline {
    <#
    .SYNOPSIS
        Throws when a role did not come online after a start or a move, naming the resources
        that did not, so the administrator knows where to look.
    #>
    [CmdletBinding()]
    param (
        [Parameter()]
        [AllowNull()]
        [psobject]
        $Group,

        [Parameter(Mandatory = $true)]
        [string]
        $Name
    )

    if ($Group -and "$($Group.State)" -eq 'Online') {
        return
    }
    $state = 'unknown'
    if ($Group) {
        $state = "$($Group.State)"
    }
    $failed = @(Get-ClusterResource -ErrorAction SilentlyContinue |
            Where-Object -FilterScript { "$($_.OwnerGroup)" -eq $Name -and "$($_.State)" -ne 'Online' } |
            ForEach-Object -Process { "$($_.Name) ($($_.State))" })
    $which = ''
    if ($failed.Count -gt 0) {
        $which = " Not online: $($failed -join ', ')."
    }
    throw (New-PgErrorRecord -ErrorId 'RoleNotOnline' -TargetObject $Name `
            -Message "Role '$Name' is $state, not Online.$which" `
            -Hint "Read the cluster's reason in the Event Log (FailoverClustering) or Get-ClusterLog; for the PostgreSQL service, its own log in the data directory. Fix it, then start the role with Start-ClusterGroup -Name '$Name'.")
}
